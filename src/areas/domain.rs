//! Area codes and kinds, validated on parse.

crate::stored_enum! {
    /// What an area is.
    pub enum AreaKind {
        CollaborationArea = "collaboration_area",
        WellbeingServicesCounty = "wellbeing_services_county",
        City = "city",
        JointAuthority = "joint_authority",
    }
}

impl AreaKind {
    /// Counties, the city and the joint authority: the organisations that
    /// answer surveys and sit under a collaboration area.
    pub fn is_organisation(self) -> bool {
        self != Self::CollaborationArea
    }
}

/// A stable lowercase slug: `a-z`, `0-9` and single inner hyphens, 2..=64 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaCode(String);

impl AreaCode {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let ok_chars = raw.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        let ok_shape = !raw.starts_with('-') && !raw.ends_with('-') && !raw.contains("--");
        if (2..=64).contains(&raw.len()) && ok_chars && ok_shape {
            Ok(Self(raw.to_owned()))
        } else {
            Err("must be 2 to 64 characters of a-z, 0-9 and inner hyphens".to_owned())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_codes_are_lowercase_slugs() {
        assert!(AreaCode::parse("lansi-suomi").is_ok());
        assert!(AreaCode::parse("hus").is_ok());
        for bad in ["", "a", "Länsi", "-x", "x-", "a--b", "a b", "ABC"] {
            assert!(AreaCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn kinds_round_trip() {
        for k in AreaKind::ALL {
            assert_eq!(AreaKind::parse(k.as_str()), Some(*k));
        }
        assert!(!AreaKind::CollaborationArea.is_organisation());
        assert!(AreaKind::City.is_organisation());
    }
}
