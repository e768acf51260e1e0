//! [`Stamp`]: a stored UTC timestamp that rows read and lists write out
//! without chrono's format-string parser and formatter, which took about a
//! tenth of a list page's time on SQLite (every row's timestamps are text there).

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, Timelike};
use diesel::deserialize::{self, FromSql};
use diesel::sql_types::Timestamp;

use crate::db::MultiBackend;

/// A `TIMESTAMP` column (UTC) as read for a list. It is written out as chrono
/// writes a `DateTime<Utc>` (RFC 3339, `Z`, 0, 3, 6 or 9 fraction digits), so
/// the API's answers are the same whichever is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, diesel::FromSqlRow)]
pub struct Stamp(pub NaiveDateTime);

/// `YYYY-MM-DD HH:MM:SS[.fraction]` (or `T` between), as diesel stores a
/// timestamp in SQLite and `CURRENT_TIMESTAMP` writes it; `None` for anything else.
fn parse(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b' ' | b'T')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let nanos = match &b[19..] {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            num(20, b.len())? * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?;
    let time = NaiveTime::from_hms_nano_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?, nanos)?;
    Some(date.and_time(time))
}

impl FromSql<Timestamp, diesel::sqlite::Sqlite> for Stamp {
    fn from_sql(mut value: diesel::sqlite::SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        if let Some(t) = parse(value.read_text()) {
            return Ok(Self(t));
        }
        // Any other form SQLite may hold (e.g. a Julian day): as diesel reads it.
        <NaiveDateTime as FromSql<Timestamp, diesel::sqlite::Sqlite>>::from_sql(value).map(Self)
    }
}

impl FromSql<Timestamp, diesel::pg::Pg> for Stamp {
    fn from_sql(value: diesel::pg::PgValue<'_>) -> deserialize::Result<Self> {
        <NaiveDateTime as FromSql<Timestamp, diesel::pg::Pg>>::from_sql(value).map(Self)
    }
}

impl FromSql<Timestamp, MultiBackend> for Stamp {
    fn from_sql(
        bytes: <MultiBackend as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        bytes.from_sql::<Self, Timestamp>()
    }
}

/// Writes `v` as `width` decimal digits at `buf[at..]`.
fn digits(buf: &mut [u8], at: usize, mut v: u32, width: usize) {
    for d in buf[at..at + width].iter_mut().rev() {
        *d = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

/// RFC 3339 in UTC as `DateTime<Utc>` serialises, written into `buf`; `None`
/// for a year outside 0..=9999 or a leap second (chrono's own code does those).
fn rfc3339(t: NaiveDateTime, buf: &mut [u8; 30]) -> Option<&str> {
    let (year, nanos) = (chrono::Datelike::year(&t), t.nanosecond());
    if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
        return None;
    }
    buf[..19].copy_from_slice(b"0000-00-00T00:00:00");
    digits(buf, 0, year as u32, 4);
    digits(buf, 5, chrono::Datelike::month(&t), 2);
    digits(buf, 8, chrono::Datelike::day(&t), 2);
    digits(buf, 11, t.hour(), 2);
    digits(buf, 14, t.minute(), 2);
    digits(buf, 17, t.second(), 2);
    let (fraction, width) = match nanos {
        0 => (0, 0),
        n if n % 1_000_000 == 0 => (n / 1_000_000, 3),
        n if n % 1_000 == 0 => (n / 1_000, 6),
        n => (n, 9),
    };
    let mut end = 19;
    if width > 0 {
        buf[19] = b'.';
        digits(buf, 20, fraction, width);
        end = 20 + width;
    }
    buf[end] = b'Z';
    std::str::from_utf8(&buf[..=end]).ok()
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match rfc3339(self.0, &mut [0; 30]) {
            Some(text) => f.write_str(text),
            None => f.write_str(&self.0.and_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true)),
        }
    }
}

impl serde::Serialize for Stamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match rfc3339(self.0, &mut [0; 30]) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.collect_str(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap()
    }

    #[test]
    fn reads_what_diesel_and_sqlite_write() {
        for text in [
            "2026-11-29 22:35:24",
            "2026-11-29 22:35:24.5",
            "2026-11-29 22:35:24.123456",
            "0001-01-01T00:00:00.000000001",
        ] {
            assert_eq!(parse(text), Some(at(&text.replace('T', " "))), "{text}");
        }
        for text in [
            "2026-11-29",
            "2026-13-01 00:00:00",
            "2026-11-29 22:35:24.",
            "2026-11-29 22:35:24.1234567890",
            "2026-11-29 22:35:2x",
            "2026-11-29 24:00:00",
            "+2026-11-29 00:00:00",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn writes_what_chrono_writes_for_a_utc_time() {
        let nanos = [0, 1, 999_999_999, 120_000_000, 123_000, 123_456_789, 1_000, 1_000_000, 1_500_000_000];
        let times =
            ["2026-11-29 22:35:24", "0000-01-01 00:00:00", "9999-12-31 23:59:59", "1970-01-01 00:00:00"];
        for t in times {
            for n in nanos {
                let Some(v) = at(t).with_nanosecond(n) else { continue };
                let chrono = serde_json::to_string(&v.and_utc()).unwrap();
                assert_eq!(serde_json::to_string(&Stamp(v)).unwrap(), chrono, "{v:?}");
                assert_eq!(format!("\"{}\"", Stamp(v)), chrono);
            }
        }
        let far = NaiveDate::from_ymd_opt(12345, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
        assert_eq!(
            serde_json::to_string(&Stamp(far)).unwrap(),
            serde_json::to_string(&far.and_utc()).unwrap()
        );
    }
}
