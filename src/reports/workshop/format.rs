//! Numbers and dates as each language writes them: `84 %`, `8,7` (fi, sv) or
//! `8.7` (en), `6.9.2023` (fi, sv) or `6 Sep 2023` (en).

use chrono::NaiveDate;

use super::negotiate::Lang;

/// A share (0..1) as a whole percentage, e.g. `84 %`.
pub fn pct(share: f64) -> String {
    format!("{} %", (share * 100.0).round())
}

/// A share as the machine-readable value of a `<data>` element (two decimals).
pub fn share_value(share: f64) -> String {
    format!("{:.2}", (share * 100.0).round() / 100.0)
}

/// One decimal, rounded half away from zero.
pub fn dec1_value(x: f64) -> String {
    format!("{:.1}", (x * 10.0).round() / 10.0)
}

/// One decimal with the language's decimal mark.
pub fn dec1(lang: Lang, x: f64) -> String {
    let s = dec1_value(x);
    match lang {
        Lang::Fi | Lang::Sv => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A day as the language writes it.
pub fn date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Fi | Lang::Sv => d.format("%-d.%-m.%Y").to_string(),
        Lang::En => d.format("%-d %b %Y").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_half_away_from_zero_to_whole_percents() {
        assert_eq!(pct(43.0 / 51.0), "84 %");
        assert_eq!(pct(42.0 / 51.0), "82 %");
        assert_eq!(pct(6.0 / 11.0), "55 %");
        assert_eq!(pct(1.0), "100 %");
        assert_eq!(share_value(43.0 / 51.0), "0.84");
    }

    #[test]
    fn decimals_and_dates_follow_the_language() {
        assert_eq!(dec1(Lang::Fi, 8.6667), "8,7");
        assert_eq!(dec1(Lang::En, 7.714), "7.7");
        assert_eq!(dec1(Lang::Sv, 8.0), "8,0");
        let d = NaiveDate::from_ymd_opt(2023, 9, 6).unwrap();
        assert_eq!(date(Lang::Fi, d), "6.9.2023");
        assert_eq!(date(Lang::En, d), "6 Sep 2023");
    }
}
