module github.com/journey-maps/journey

go 1.26
