package importers

// parseTimestamp reads an event time as Unix milliseconds. It accepts
// RFC 3339 ("2026-09-01T10:15:00Z", "2026-09-01T10:15:00.250+02:00"; a
// space for the T and a missing zone, read as UTC, are tolerated, and so is
// a trailing " UTC" as in "2019-10-01 00:00:00 UTC") and Unix time in
// seconds, milliseconds or microseconds (GA4's event_timestamp): values
// from 10^11 on are milliseconds and from 10^14 on microseconds, since as
// seconds or milliseconds they would lie past the year 5000.
func parseTimestamp(b []byte) (int64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	if len(b) >= 19 && b[4] == '-' {
		return parseRFC3339(b)
	}
	return parseUnix(b)
}

func parseUnix(b []byte) (int64, bool) {
	neg := false
	if b[0] == '-' {
		neg = true
		b = b[1:]
	}
	var whole int64
	i := 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		if i >= 18 {
			return 0, false
		}
		whole = whole*10 + int64(b[i]-'0')
	}
	if i == 0 {
		return 0, false
	}
	// Fractional digits: kept to the millisecond for seconds.
	var frac, scale int64 = 0, 1
	if i < len(b) && b[i] == '.' {
		i++
		start := i
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			if scale < 1000 {
				frac = frac*10 + int64(b[i]-'0')
				scale *= 10
			}
		}
		if i == start {
			return 0, false
		}
	}
	if i != len(b) {
		return 0, false
	}
	ms := whole*1000 + frac*1000/scale
	if whole >= 1e11 {
		ms, _ = unixMS(whole)
	}
	if neg {
		ms = -ms
	}
	return ms, true
}

func digits(b []byte, n int) (int, bool) {
	v := 0
	for i := 0; i < n; i++ {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func parseRFC3339(b []byte) (int64, bool) {
	y, ok1 := digits(b[0:], 4)
	mo, ok2 := digits(b[5:], 2)
	d, ok3 := digits(b[8:], 2)
	h, ok4 := digits(b[11:], 2)
	mi, ok5 := digits(b[14:], 2)
	s, ok6 := digits(b[17:], 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || b[7] != '-' || (b[10] != 'T' && b[10] != 't' && b[10] != ' ') || b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 60 {
		return 0, false
	}
	rest := b[19:]
	ms := 0
	if len(rest) > 0 && rest[0] == '.' {
		i := 1
		scale := 100
		for ; i < len(rest) && rest[i] >= '0' && rest[i] <= '9'; i++ {
			ms += int(rest[i]-'0') * scale
			scale /= 10
		}
		if i == 1 {
			return 0, false
		}
		rest = rest[i:]
	}
	offset := 0
	switch {
	case len(rest) == 0, len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'), string(rest) == " UTC":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := digits(rest[1:], 2)
		om, ok2 := digits(rest[4:], 2)
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return 0, false
		}
		offset = oh*3600 + om*60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return 0, false
	}
	days := daysFromCivil(y, mo, d)
	secs := days*86400 + int64(h*3600+mi*60+s) - int64(offset)
	return secs*1000 + int64(ms), true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts days from 1970-01-01 to the proleptic Gregorian date.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// unixMS reads a whole Unix time as CSV cells are read: values from 10^11
// on are milliseconds and from 10^14 on microseconds, smaller ones
// seconds; ok is false past 18 digits (nanoseconds have a type of their
// own in the formats that store them).
func unixMS(v int64) (int64, bool) {
	a := v
	if a < 0 {
		a = -a
	}
	var ms int64
	switch {
	case a < 0 || a >= 1e18:
		return 0, false
	case a >= 1e14:
		ms = a / 1000
	case a >= 1e11:
		ms = a
	default:
		ms = a * 1000
	}
	if v < 0 {
		ms = -ms
	}
	return ms, true
}
