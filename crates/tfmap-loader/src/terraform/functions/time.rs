//! Time functions on RFC 3339 timestamps, as Terraform defines them: `formatdate` with its
//! own letter-run format language, `timeadd` with Go's duration syntax (`1h30m`, `-1.5h`),
//! and `timecmp`. A timestamp keeps the UTC offset it was written with. Calendar arithmetic
//! is proleptic Gregorian on days since 1970-01-01.

use super::string_arg;
use hcl::eval::FuncArgs;
use hcl::{Number, Value};

/// A point in time as written: its civil date and time at its own UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    seconds: i64,
    nanos: u32,
    /// The offset it was written with, in seconds east of UTC.
    offset: i32,
}

/// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, strictly (an uppercase `T` and `Z`).
fn parse_timestamp(text: &str) -> Result<Timestamp, String> {
    let invalid = |why: &str| format!("not a valid RFC3339 timestamp: {why}");
    let bytes = text.as_bytes();
    let digits = |at: usize, count: usize| -> Result<i64, String> {
        let part = bytes
            .get(at..at + count)
            .ok_or_else(|| invalid("it ends too early"))?;
        if !part.iter().all(u8::is_ascii_digit) {
            return Err(invalid(&format!("expected {count} digits at byte {at}")));
        }
        Ok(part.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let expect = |at: usize, what: u8| -> Result<(), String> {
        match bytes.get(at) {
            Some(found) if *found == what => Ok(()),
            _ => Err(invalid(&format!(
                "expected {:?} at byte {at}",
                what as char
            ))),
        }
    };
    let year = digits(0, 4)?;
    expect(4, b'-')?;
    let month = digits(5, 2)?;
    expect(7, b'-')?;
    let day = digits(8, 2)?;
    expect(10, b'T').map_err(|_| invalid("missing required time introducer 'T'"))?;
    let hour = digits(11, 2)?;
    expect(13, b':')?;
    let minute = digits(14, 2)?;
    expect(16, b':')?;
    let second = digits(17, 2)?;
    let mut at = 19;
    let mut nanos: u32 = 0;
    if bytes.get(at) == Some(&b'.') {
        let start = at + 1;
        let end = start
            + bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        if end == start {
            return Err(invalid("a fraction of a second needs digits"));
        }
        for (place, digit) in bytes[start..end].iter().take(9).enumerate() {
            nanos += u32::from(digit - b'0') * 10u32.pow(8 - place as u32);
        }
        at = end;
    }
    let offset = match bytes.get(at) {
        Some(b'Z') if at + 1 == bytes.len() => 0,
        Some(sign @ (b'+' | b'-')) if at + 6 == bytes.len() => {
            let hours = digits(at + 1, 2)?;
            expect(at + 3, b':')?;
            let minutes = digits(at + 4, 2)?;
            if hours > 23 || minutes > 59 {
                return Err(invalid("UTC offset out of range"));
            }
            let offset = (hours * 3600 + minutes * 60) as i32;
            if *sign == b'-' { -offset } else { offset }
        }
        _ => {
            return Err(invalid(
                "expected Z or a UTC offset such as +02:00 at the end",
            ));
        }
    };
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(invalid("month or day of month out of range"));
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(invalid("hour, minute or second out of range"));
    }
    let local = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Ok(Timestamp {
        seconds: local - i64::from(offset),
        nanos,
        offset,
    })
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date, counted in 400-year eras (Howard
/// Hinnant's well-known days-from-civil method).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count since 1970-01-01: (year, month, day).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The civil fields of a timestamp at its own offset.
struct Civil {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    /// 0 for Sunday.
    weekday: i64,
}

impl Timestamp {
    fn civil(&self) -> Civil {
        let local = self.seconds + i64::from(self.offset);
        let days = local.div_euclid(86_400);
        let in_day = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: in_day / 3600,
            minute: in_day % 3600 / 60,
            second: in_day % 60,
            weekday: (days + 4).rem_euclid(7),
        }
    }

    /// `-07:00`, or `Z` when `z_for_utc` and the offset is zero.
    fn offset_text(&self, colon: bool, utc: Option<&str>) -> String {
        if self.offset == 0
            && let Some(utc) = utc
        {
            return utc.to_string();
        }
        let sign = if self.offset < 0 { '-' } else { '+' };
        let minutes = self.offset.unsigned_abs() / 60;
        let separator = if colon { ":" } else { "" };
        format!("{sign}{:02}{separator}{:02}", minutes / 60, minutes % 60)
    }

    /// RFC 3339 without a fraction of a second, as Go's `time.RFC3339` layout prints.
    fn rfc3339(&self) -> String {
        let c = self.civil();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
            c.year,
            c.month,
            c.day,
            c.hour,
            c.minute,
            c.second,
            self.offset_text(true, Some("Z"))
        )
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// `formatdate(spec, timestamp)`.
pub fn formatdate(args: FuncArgs) -> Result<Value, String> {
    let (spec, text) = (string_arg(&args, 0)?, string_arg(&args, 1)?);
    let time = parse_timestamp(&text)?;
    let c = time.civil();
    let mut out = String::new();
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let first = chars[i];
        if first == '\'' {
            // A quoted literal; `''` is one quote, inside or outside quotes.
            if chars.get(i + 1) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            let mut j = i + 1;
            let mut closed = false;
            while j < chars.len() {
                if chars[j] == '\'' {
                    if chars.get(j + 1) == Some(&'\'') {
                        out.push('\'');
                        j += 2;
                        continue;
                    }
                    closed = true;
                    break;
                }
                out.push(chars[j]);
                j += 1;
            }
            if !closed {
                return Err("unterminated literal '".to_string());
            }
            i = j + 1;
            continue;
        }
        if !first.is_ascii_alphabetic() {
            out.push(first);
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|c| **c == first).count();
        i += run;
        let verb: String = std::iter::repeat_n(first, run).collect();
        let bad = || format!("invalid date format verb {verb:?}");
        let hour12 = match c.hour % 12 {
            0 => 12,
            h => h,
        };
        match (first, run) {
            ('Y', 2) => out.push_str(&format!("{:02}", c.year.rem_euclid(100))),
            ('Y', 4) => out.push_str(&format!("{:04}", c.year)),
            ('M', 1) => out.push_str(&c.month.to_string()),
            ('M', 2) => out.push_str(&format!("{:02}", c.month)),
            ('M', 3) => out.push_str(&MONTHS[(c.month - 1) as usize][..3]),
            ('M', 4) => out.push_str(MONTHS[(c.month - 1) as usize]),
            ('D', 1) => out.push_str(&c.day.to_string()),
            ('D', 2) => out.push_str(&format!("{:02}", c.day)),
            ('E', 3) => out.push_str(&WEEKDAYS[c.weekday as usize][..3]),
            ('E', 4) => out.push_str(WEEKDAYS[c.weekday as usize]),
            ('h', 1) => out.push_str(&c.hour.to_string()),
            ('h', 2) => out.push_str(&format!("{:02}", c.hour)),
            ('H', 1) => out.push_str(&hour12.to_string()),
            ('H', 2) => out.push_str(&format!("{hour12:02}")),
            ('A', 2) => out.push_str(if c.hour < 12 { "AM" } else { "PM" }),
            ('a', 2) => out.push_str(if c.hour < 12 { "am" } else { "pm" }),
            ('m', 1) => out.push_str(&c.minute.to_string()),
            ('m', 2) => out.push_str(&format!("{:02}", c.minute)),
            ('s', 1) => out.push_str(&c.second.to_string()),
            ('s', 2) => out.push_str(&format!("{:02}", c.second)),
            ('Z', 1) => out.push_str(&time.offset_text(true, Some("Z"))),
            ('Z', 3) => out.push_str(&time.offset_text(false, Some("UTC"))),
            ('Z', 4) => out.push_str(&time.offset_text(false, None)),
            ('Z', 5) => out.push_str(&time.offset_text(true, None)),
            _ => return Err(bad()),
        }
    }
    Ok(Value::from(out))
}

/// Go's `time.ParseDuration`: an optional sign, then number-unit pairs (`1h30m`, `1.5h`,
/// `300ms`); units `ns`, `us`/`µs`, `ms`, `s`, `m`, `h`. In nanoseconds.
fn parse_duration(text: &str) -> Result<i128, String> {
    let invalid = || format!("time: invalid duration {text:?}");
    let (negative, mut rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: i128 = 0;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(|| format!("time: missing unit in duration {text:?}"))?;
        let number = &rest[..number_len];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return Err(invalid());
        }
        rest = &rest[number_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let nanos_per: i128 = match &rest[..unit_len] {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            "" => return Err(format!("time: missing unit in duration {text:?}")),
            other => return Err(format!("time: unknown unit {other:?} in duration {text:?}")),
        };
        rest = &rest[unit_len..];
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        let whole: i128 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| invalid())?
        };
        let mut part = whole.checked_mul(nanos_per).ok_or_else(invalid)?;
        let mut scale = nanos_per;
        for digit in fraction.chars().filter_map(|c| c.to_digit(10)) {
            scale /= 10;
            part += i128::from(digit) * scale;
        }
        total = total.checked_add(part).ok_or_else(invalid)?;
        // Go's duration is an int64 of nanoseconds.
        if total > i128::from(i64::MAX) {
            return Err(invalid());
        }
    }
    Ok(if negative { -total } else { total })
}

/// `timeadd(timestamp, duration)`: in the timestamp's own offset, without a fraction.
pub fn timeadd(args: FuncArgs) -> Result<Value, String> {
    let (text, duration) = (string_arg(&args, 0)?, string_arg(&args, 1)?);
    let time = parse_timestamp(&text)?;
    let nanos = i128::from(time.seconds) * 1_000_000_000
        + i128::from(time.nanos)
        + parse_duration(&duration)?;
    let seconds = i64::try_from(nanos.div_euclid(1_000_000_000))
        .map_err(|_| "timeadd: the result is out of range".to_string())?;
    let added = Timestamp {
        seconds,
        nanos: nanos.rem_euclid(1_000_000_000) as u32,
        offset: time.offset,
    };
    Ok(Value::from(added.rfc3339()))
}

/// `timecmp(a, b)`: -1, 0 or 1 as `a` is before, at or after `b` (whatever their offsets).
pub fn timecmp(args: FuncArgs) -> Result<Value, String> {
    let a = parse_timestamp(&string_arg(&args, 0)?)?;
    let b = parse_timestamp(&string_arg(&args, 1)?)?;
    let order = (a.seconds, a.nanos).cmp(&(b.seconds, b.nanos)) as i64;
    Ok(Value::Number(Number::from(order)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Calls a function through an evaluation, as Terraform code would.
    fn call(name: &str, args: &[&str]) -> Result<Value, String> {
        use hcl::eval::Evaluate;
        let args: Vec<String> = args.iter().map(|a| format!("{a:?}")).collect();
        let source = format!("{name}({})", args.join(", "));
        let expr: hcl::Expression = hcl::edit::parser::parse_expr(&source)
            .map_err(|e| e.to_string())?
            .into();
        expr.evaluate(&super::super::base_context())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn formatdate_follows_terraforms_documented_examples() {
        let at = "2018-01-02T23:12:01Z";
        let cases = [
            ("DD MMM YYYY hh:mm ZZZ", "02 Jan 2018 23:12 UTC"),
            (
                "EEEE, DD-MMM-YY hh:mm:ss ZZZ",
                "Tuesday, 02-Jan-18 23:12:01 UTC",
            ),
            (
                "EEE, DD MMM YYYY hh:mm:ss ZZZ",
                "Tue, 02 Jan 2018 23:12:01 UTC",
            ),
            ("MMM DD, YYYY", "Jan 02, 2018"),
            ("HH:mmaa", "11:12pm"),
            ("h 'o''clock'", "23 o'clock"),
        ];
        for (spec, expected) in cases {
            assert_eq!(
                call("formatdate", &[spec, at]),
                Ok(Value::from(expected)),
                "{spec}"
            );
        }
    }

    #[test]
    fn formatdate_keeps_the_written_offset() {
        let value = call(
            "formatdate",
            &["YYYY-MM-DD'T'hh:mm:ssZ ZZZZ", "2024-02-29T00:30:00-05:00"],
        );
        assert_eq!(value, Ok(Value::from("2024-02-29T00:30:00-05:00 -0500")));
    }

    #[test]
    fn formatdate_refuses_unknown_verbs_and_bad_timestamps() {
        assert!(call("formatdate", &["YYY", "2018-01-02T23:12:01Z"]).is_err());
        assert!(call("formatdate", &["'open", "2018-01-02T23:12:01Z"]).is_err());
        assert!(call("formatdate", &["YYYY", "2018-02-30T00:00:00Z"]).is_err());
        assert!(call("formatdate", &["YYYY", "2018-01-02t23:12:01Z"]).is_err());
        assert!(call("formatdate", &["YYYY", "2018-01-02"]).is_err());
    }

    #[test]
    fn timeadd_uses_gos_durations_and_drops_fractions() {
        let cases = [
            ("2017-11-22T00:00:00Z", "10m", "2017-11-22T00:10:00Z"),
            ("2017-11-22T00:00:00Z", "-1.5h", "2017-11-21T22:30:00Z"),
            (
                "2024-02-28T23:00:00+01:00",
                "1h30m",
                "2024-02-29T00:30:00+01:00",
            ),
            ("2017-12-31T23:59:59.75Z", "250ms", "2018-01-01T00:00:00Z"),
            ("2017-11-22T00:00:00+00:00", "0", "2017-11-22T00:00:00Z"),
        ];
        for (at, duration, expected) in cases {
            assert_eq!(
                call("timeadd", &[at, duration]),
                Ok(Value::from(expected)),
                "{at} + {duration}"
            );
        }
        assert!(call("timeadd", &["2017-11-22T00:00:00Z", "10"]).is_err());
        assert!(call("timeadd", &["2017-11-22T00:00:00Z", "1d"]).is_err());
        assert!(call("timeadd", &["2017-11-22T00:00:00Z", ""]).is_err());
    }

    #[test]
    fn timecmp_compares_instants_across_offsets() {
        let order = |a: &str, b: &str| call("timecmp", &[a, b]);
        assert_eq!(
            order("2017-11-22T00:00:00Z", "2017-11-22T01:00:00+01:00"),
            Ok(Value::from(0))
        );
        assert_eq!(
            order("2017-11-22T00:00:01Z", "2017-11-22T00:00:00Z"),
            Ok(Value::from(1))
        );
        assert_eq!(
            order("2017-11-22T00:00:00Z", "2017-11-22T00:00:00.5Z"),
            Ok(Value::from(-1))
        );
    }

    #[test]
    fn the_calendar_round_trips_across_eras() {
        for days in [-719_468, -1, 0, 59, 11_016, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
