//! Calendar dates without time zones: parsing `YYYY-MM-DD`, weekdays and Vietnamese formatting.

use super::Lang;
use std::fmt;

/// A civil date. Ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A checked date.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let ok = (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && (1000..=9999).contains(&year);
        ok.then_some(Date { year, month, day })
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        Date::new(num(0..4)? as i32, num(5..7)? as u8, num(8..10)? as u8)
    }

    /// Recognises a day-first date such as `22/11/2022` or `22-11-2022`, to suggest the ISO form.
    pub fn parse_day_first(s: &str) -> Option<Date> {
        let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
        if parts.len() != 3 || parts[2].len() != 4 {
            return None;
        }
        let d: u8 = parts[0].trim().parse().ok()?;
        let m: u8 = parts[1].trim().parse().ok()?;
        let y: i32 = parts[2].trim().parse().ok()?;
        Date::new(y, m, d)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Today in UTC+7 (Vietnam has no daylight saving time).
    pub fn today() -> Date {
        Date::at_unix_seconds(now_unix_seconds())
    }

    /// The day in UTC+7 at `secs` seconds after 1970-01-01 00:00 UTC.
    pub fn at_unix_seconds(secs: i64) -> Date {
        Date::from_days_since_epoch((secs + 7 * 3600).div_euclid(86400))
    }

    /// The date a build renders with: `SOURCE_DATE_EPOCH` when it is set (the convention of
    /// reproducible-builds tools), else today. Read once, by `BuildOptions::new`; rendering
    /// never looks at the clock, so the same input and options give the same bytes any day.
    pub fn for_build() -> Date {
        Date::for_build_with(
            std::env::var("SOURCE_DATE_EPOCH").ok().as_deref(),
            now_unix_seconds,
        )
    }

    /// [`Date::for_build`] with the environment value and the clock given: `epoch` (seconds
    /// since 1970, as `SOURCE_DATE_EPOCH` holds them) wins when it parses; `clock` is read only
    /// otherwise.
    pub fn for_build_with(epoch: Option<&str>, clock: impl FnOnce() -> i64) -> Date {
        match epoch.and_then(|e| e.trim().parse::<i64>().ok()) {
            Some(secs) => Date::at_unix_seconds(secs),
            None => Date::at_unix_seconds(clock()),
        }
    }

    /// 0 = Sunday … 6 = Saturday.
    pub fn weekday(self) -> u8 {
        (self.days_since_epoch() + 4).rem_euclid(7) as u8
    }

    /// `Thứ ba, 22/11/2022` or `Tuesday, 22 November 2022`.
    pub fn format_short(self, lang: Lang) -> String {
        match lang {
            Lang::Vi => {
                const DAYS: [&str; 7] = [
                    "Chủ nhật",
                    "Thứ hai",
                    "Thứ ba",
                    "Thứ tư",
                    "Thứ năm",
                    "Thứ sáu",
                    "Thứ bảy",
                ];
                format!(
                    "{}, {:02}/{:02}/{}",
                    DAYS[self.weekday() as usize],
                    self.day,
                    self.month,
                    self.year
                )
            }
            Lang::En => {
                const DAYS: [&str; 7] = [
                    "Sunday",
                    "Monday",
                    "Tuesday",
                    "Wednesday",
                    "Thursday",
                    "Friday",
                    "Saturday",
                ];
                format!(
                    "{}, {}",
                    DAYS[self.weekday() as usize],
                    self.format_long(Lang::En)
                )
            }
        }
    }

    /// `ngày 22 tháng 11 năm 2022` or `22 November 2022`.
    pub fn format_long(self, lang: Lang) -> String {
        match lang {
            Lang::Vi => format!("ngày {} tháng {} năm {}", self.day, self.month, self.year),
            Lang::En => {
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
                format!(
                    "{} {} {}",
                    self.day,
                    MONTHS[self.month as usize - 1],
                    self.year
                )
            }
        }
    }

    /// `22/11/2022`.
    pub fn format_numeric(self) -> String {
        format!("{:02}/{:02}/{}", self.day, self.month, self.year)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Seconds since 1970-01-01 00:00 UTC by the system clock (0 if the clock is before 1970).
fn now_unix_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_format() {
        let d = Date::parse_iso("2022-11-22").unwrap();
        assert_eq!(d.format_short(Lang::Vi), "Thứ ba, 22/11/2022");
        assert_eq!(d.format_long(Lang::Vi), "ngày 22 tháng 11 năm 2022");
        assert_eq!(d.format_short(Lang::En), "Tuesday, 22 November 2022");
        assert_eq!(d.to_string(), "2022-11-22");
    }

    #[test]
    fn rejects_bad_dates() {
        assert_eq!(Date::parse_iso("22/11/2022"), None);
        assert_eq!(Date::parse_iso("2022-02-30"), None);
        assert_eq!(Date::parse_iso("2022-2-3"), None);
        assert_eq!(Date::parse_day_first("22/11/2022"), Date::new(2022, 11, 22));
    }

    #[test]
    fn epoch_round_trip() {
        for days in [-1000, 0, 1, 19_000, 20_785, 40_000] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(
            Date::from_days_since_epoch(0),
            Date::new(1970, 1, 1).unwrap()
        );
        assert_eq!(Date::new(2007, 4, 27).unwrap().weekday(), 5); // a Friday
    }
}
