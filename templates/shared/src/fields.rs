//! Checks of the fields of a request body, one per field type, shared by every resource: each
//! takes the field's name (for the message) and the value, and gives the value to store or a 400.

use std::num::FpCategory;

use crate::error::ApiError;

/// Most elements of an array field.
pub const MAX_ITEMS: usize = 100;
/// The magnitudes of DynamoDB's numbers but 0: from 1e-130 to 9.99...e125 (38 nines).
pub const NUMBER_RANGE: std::ops::Range<f64> = 1e-130..1e126;

fn invalid(field: &str, what: &str) -> ApiError {
    ApiError::BadRequest(format!("`{field}` {what}"))
}

/// A string of at most `max` characters as sent (as `openapi.yaml`'s `maxLength` counts them),
/// not blank, stored trimmed.
pub fn text(field: &str, value: String, max: usize) -> Result<String, ApiError> {
    if value.chars().count() > max {
        return Err(invalid(field, &format!("must be at most {max} characters")));
    }
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(invalid(field, "must not be blank"));
    }
    Ok(trimmed.to_owned())
}

/// Each element of an array, checked by `check`; at most [`MAX_ITEMS`] of them.
pub fn each<T>(
    field: &str,
    values: Vec<T>,
    check: impl Fn(T) -> Result<T, ApiError>,
) -> Result<Vec<T>, ApiError> {
    if values.len() > MAX_ITEMS {
        return Err(invalid(
            field,
            &format!("must have at most {MAX_ITEMS} elements"),
        ));
    }
    values.into_iter().map(check).collect()
}

/// A whole number as JSON Schema's `integer` counts one (and `openapi.yaml` says): `42`, or `42.0`,
/// within 64 bits.
fn whole<E: serde::de::Error>(number: serde_json::Number) -> Result<i64, E> {
    // Within ±2^63, ends excluded: serde_json reads an integer past i64 as the nearest f64, and
    // -9223372036854775809 is -2^63 as a float (i64::MIN written as an integer is read exactly).
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    number
        .as_i64()
        .or_else(|| {
            let float = number.as_f64()?;
            // Whole and in range: the cast is exact.
            (float.fract() == 0.0 && float.abs() < LIMIT).then_some(float as i64)
        })
        .ok_or_else(|| E::custom(format!("{number} is not a whole number of 64 bits")))
}

/// Reads an `integer` field (`#[serde(deserialize_with = "fields::integer")]`).
pub fn integer<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    whole(serde::Deserialize::deserialize(deserializer)?)
}

/// Reads an optional `integer` field: null or absent is none.
pub fn optional_integer<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    let number: Option<serde_json::Number> = serde::Deserialize::deserialize(deserializer)?;
    number.map(whole).transpose()
}

/// Reads an `integer[]` field.
pub fn integers<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<i64>, D::Error> {
    let numbers: Vec<serde_json::Number> = serde::Deserialize::deserialize(deserializer)?;
    numbers.into_iter().map(whole).collect()
}

/// Reads an optional `integer[]` field: null or absent is none.
pub fn optional_integers<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<i64>>, D::Error> {
    let numbers: Option<Vec<serde_json::Number>> = serde::Deserialize::deserialize(deserializer)?;
    numbers
        .map(|numbers| numbers.into_iter().map(whole).collect())
        .transpose()
}

/// A value of an enum: one of its variants (serde's message lists them).
pub fn variant<T: serde::de::DeserializeOwned>(field: &str, value: &str) -> Result<T, ApiError> {
    serde_json::from_value(value.into()).map_err(|error| invalid(field, &error.to_string()))
}

/// A number DynamoDB can store: one out of its range would fail the write.
pub fn number(field: &str, value: f64) -> Result<f64, ApiError> {
    if value.classify() == FpCategory::Zero || NUMBER_RANGE.contains(&value.abs()) {
        Ok(value)
    } else {
        Err(invalid(
            field,
            "must be 0 or of a magnitude from 1e-130 to 9.99e125",
        ))
    }
}

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Whether `text` is a full date of RFC 3339, `YYYY-MM-DD`, that exists in the calendar.
fn is_date(text: &str) -> bool {
    let mut parts = text.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(y), digits(m), digits(d)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Whether `text` is `HH:MM:SS`, with an optional fraction, and a zone (`Z` or `±HH:MM`).
fn is_time(text: &str) -> bool {
    let (clock, zone) = match text.find(['Z', 'z', '+', '-']) {
        Some(at) => text.split_at(at),
        None => return false,
    };
    let zone_ok = match zone {
        "Z" | "z" => true,
        _ => {
            let (hours, minutes) = zone[1..].split_once(':').unwrap_or(("", ""));
            hours.len() == 2
                && minutes.len() == 2
                && digits(hours).is_some_and(|h| h < 24)
                && digits(minutes).is_some_and(|m| m < 60)
        }
    };
    let (whole, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let mut parts = whole.split(':');
    let (Some(h), Some(m), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    zone_ok
        && [h, m, s].iter().all(|p| p.len() == 2)
        && digits(h).is_some_and(|h| h < 24)
        && digits(m).is_some_and(|m| m < 60)
        // 60: a leap second, as RFC 3339 allows.
        && digits(s).is_some_and(|s| s <= 60)
        // A fraction of any number of digits, as RFC 3339 (and `format: date-time`) allows.
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// A date, `YYYY-MM-DD` (RFC 3339's full-date).
pub fn date(field: &str, value: String) -> Result<String, ApiError> {
    if is_date(&value) {
        Ok(value)
    } else {
        Err(invalid(field, "must be a date, YYYY-MM-DD"))
    }
}

/// A date and time of RFC 3339, with its offset: `2026-11-27T12:00:00Z`.
pub fn datetime(field: &str, value: String) -> Result<String, ApiError> {
    let valid = value
        .split_once(['T', 't'])
        .is_some_and(|(day, time)| is_date(day) && is_time(time));
    if valid {
        Ok(value)
    } else {
        Err(invalid(
            field,
            "must be an RFC 3339 date-time, e.g. 2026-11-27T12:00:00Z",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(
            text("f", "  spaced ".into(), 10).ok().as_deref(),
            Some("spaced")
        );
        assert!(text("f", "   ".into(), 10).is_err());
        assert!(
            text("f", "é".repeat(10), 10).is_ok(),
            "characters, not bytes"
        );
        assert!(text("f", "x".repeat(11), 10).is_err());
        // Counted as sent: spaces that trimming drops count too.
        assert!(text("f", format!(" {} ", "x".repeat(9)), 10).is_err());
    }

    #[test]
    fn arrays_are_bounded_and_checked_per_element() {
        assert!(each("f", vec![1; MAX_ITEMS], Ok).is_ok());
        assert!(each("f", vec![1; MAX_ITEMS + 1], Ok).is_err());
        let checked = each("f", vec![" a ".to_owned()], |v| text("f", v, 5));
        assert_eq!(checked.ok(), Some(vec!["a".to_owned()]));
        assert!(each("f", vec!["".to_owned()], |v| text("f", v, 5)).is_err());
    }

    #[test]
    fn numbers_stay_in_dynamodbs_range() {
        for good in [
            0.0,
            -0.0,
            1.5,
            -2.0,
            1e-130,
            9.999_999_999_999_998e125,
            -9.99e125,
        ] {
            assert!(number("f", good).is_ok(), "{good}");
        }
        for bad in [
            1e126,
            -1e126,
            1e-131,
            5e-324,
            f64::MAX,
            f64::INFINITY,
            f64::NAN,
        ] {
            assert!(number("f", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers_of_a_body_are_read_exactly() {
        // serde_json's float_roundtrip (Cargo.toml): its default parser is one unit off here.
        let read: Result<f64, _> = serde_json::from_str("-8.023503850664697e-119");
        assert_eq!(read.ok(), Some(-8.023503850664697e-119));
    }

    #[test]
    fn dates_exist_in_the_calendar() {
        for good in ["2026-11-27", "2024-02-29", "2000-02-29", "0001-01-01"] {
            assert!(date("f", good.into()).is_ok(), "{good}");
        }
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-04-31",
            "2026-1-01",
            "26-11-27",
            "2026-11-27T00:00:00Z",
            "+202-11-27",
            "",
        ] {
            assert!(date("f", bad.into()).is_err(), "{bad}");
        }
    }

    #[test]
    fn integers_are_whole_numbers_written_either_way() {
        #[derive(serde::Deserialize)]
        struct Sent {
            #[serde(deserialize_with = "integer")]
            one: i64,
            #[serde(default, deserialize_with = "optional_integers")]
            many: Option<Vec<i64>>,
        }
        let read = |json: &str| serde_json::from_str::<Sent>(json).map(|s| (s.one, s.many));
        assert_eq!(read(r#"{"one": 42}"#).ok(), Some((42, None)));
        assert_eq!(
            read(r#"{"one": -868.0, "many": null}"#).ok(),
            Some((-868, None))
        );
        assert_eq!(
            read(r#"{"one": -0.0, "many": [1, 2.0]}"#).ok(),
            Some((0, Some(vec![1, 2])))
        );
        assert_eq!(
            read(r#"{"one": -9223372036854775808}"#).ok(),
            Some((i64::MIN, None))
        );
        for bad in [
            r#"{"one": -9223372036854775809}"#,
            r#"{"one": 1.5}"#,
            r#"{"one": 9223372036854775808}"#,
            r#"{"one": 9.223372036854775808e18}"#,
            r#"{"one": "1"}"#,
            r#"{"one": 1, "many": [0.5]}"#,
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn datetimes_follow_rfc_3339() {
        for good in [
            "2026-11-27T12:00:00Z",
            "2026-11-27t12:00:00z",
            "2024-02-29T23:59:59.5+01:00",
            "2026-06-30T23:59:60-05:30",
            "2026-11-27T12:00:00.123456789012Z",
        ] {
            assert!(datetime("f", good.into()).is_ok(), "{good}");
        }
        for bad in [
            "2026-11-27 12:00:00Z",
            "2026-11-27T12:00Z",
            "2026-11-27T12:00:00",
            "2026-11-27T24:00:00Z",
            "2026-11-27T12:00:00+0100",
            "2026-11-27T12:00:00.Z",
            "2026-11-27T12:00:00.1a2Z",
            "2026-02-30T12:00:00Z",
        ] {
            assert!(datetime("f", bad.into()).is_err(), "{bad}");
        }
    }
}
