//! PATCH bodies: telling an absent field from a present `null`.

use serde::{Deserialize, Deserializer};

/// For PATCH bodies: a present `null` is `Some(None)`, an absent field `None`.
pub fn nullable<'de, D, T>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

/// For PATCH bodies: a field that may be absent but never `null`.
pub fn non_null<'de, D, T>(de: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    use serde::de::Error;
    Option::<T>::deserialize(de)?.map(Some).ok_or_else(|| D::Error::custom("must not be null"))
}
