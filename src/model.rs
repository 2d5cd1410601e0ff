//! Small vocabulary types shared by every pipeline stage: modifiers, assertions,
//! trigger categories and global-period indicators.
//!
//! These are closed sets: the lexicon schema (`lexicons/README.md`) refers to them
//! by the names given here, and `modcite lexicon check` rejects any other name.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A CPT/HCPCS modifier that modcite can suggest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Modifier {
    /// Staged or related procedure during the post-operative period.
    #[serde(rename = "58")]
    M58,
    /// Unplanned return to the operating/procedure room for a related problem.
    #[serde(rename = "78")]
    M78,
    /// Unrelated procedure by the same physician during the post-operative period.
    #[serde(rename = "79")]
    M79,
    /// Distinct procedural service.
    #[serde(rename = "59")]
    M59,
    /// Separate encounter (subset of 59).
    XE,
    /// Separate structure or organ (subset of 59).
    XS,
    /// Separate practitioner (subset of 59).
    XP,
    /// Unusual non-overlapping service (subset of 59).
    XU,
    /// Repeat procedure by the same physician.
    #[serde(rename = "76")]
    M76,
    /// Repeat procedure by another physician.
    #[serde(rename = "77")]
    M77,
}

impl Modifier {
    /// Every modifier, in the order ties are broken when ranking.
    pub const ALL: [Modifier; 10] = [
        Modifier::M58,
        Modifier::M78,
        Modifier::M79,
        Modifier::XS,
        Modifier::XE,
        Modifier::XP,
        Modifier::XU,
        Modifier::M59,
        Modifier::M76,
        Modifier::M77,
    ];

    /// The code as it is written on a claim line.
    pub fn as_str(self) -> &'static str {
        match self {
            Modifier::M58 => "58",
            Modifier::M78 => "78",
            Modifier::M79 => "79",
            Modifier::M59 => "59",
            Modifier::XE => "XE",
            Modifier::XS => "XS",
            Modifier::XP => "XP",
            Modifier::XU => "XU",
            Modifier::M76 => "76",
            Modifier::M77 => "77",
        }
    }

    /// Parses a modifier as written on a claim (`"58"`, `"xs"`).
    pub fn parse(s: &str) -> Option<Modifier> {
        let s = s.trim();
        Modifier::ALL.into_iter().find(|m| m.as_str().eq_ignore_ascii_case(s))
    }

    /// The mutually exclusive family this modifier belongs to: a line gets at most
    /// one modifier of each family.
    pub fn family(self) -> Family {
        match self {
            Modifier::M58 | Modifier::M78 | Modifier::M79 => Family::GlobalPeriod,
            Modifier::M59 | Modifier::XE | Modifier::XS | Modifier::XP | Modifier::XU => {
                Family::Distinct
            }
            Modifier::M76 | Modifier::M77 => Family::Repeat,
        }
    }
}

impl fmt::Display for Modifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Groups of modifiers of which a line carries at most one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// 58, 78, 79: work inside another procedure's global period.
    GlobalPeriod,
    /// 59 and X{EPSU}: unbundling a same-day NCCI pair.
    Distinct,
    /// 76, 77: the same procedure repeated the same day.
    Repeat,
}

/// What the text says about a matched phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Assertion {
    /// Stated as happening in this encounter.
    Present,
    /// Denied ("no hematoma", "COMPLICATIONS: None").
    Negated,
    /// A possibility or a risk, not a fact ("risks including infection").
    Hypothetical,
    /// Happened before, in the patient's past ("infection after surgery in 2015").
    Historical,
    /// Depends on a condition ("if the wound fails").
    Conditional,
}

impl Assertion {
    /// The name used in output and lexicons.
    pub fn as_str(self) -> &'static str {
        match self {
            Assertion::Present => "present",
            Assertion::Negated => "negated",
            Assertion::Hypothetical => "hypothetical",
            Assertion::Historical => "historical",
            Assertion::Conditional => "conditional",
        }
    }
}

/// What a trigger phrase is evidence of. The engine knows these by name: the
/// global-period, distinctness and setting reasoning reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Planned or staged at the index procedure (58).
    Staged,
    /// More extensive than the original procedure (58).
    MoreExtensive,
    /// Therapy following a diagnostic procedure (58).
    TherapeuticAfterDiagnostic,
    /// A complication of earlier surgery (78).
    Complication,
    /// An unplanned return to the operating or procedure room (78).
    ReturnToOr,
    /// Said outright not to have been planned ("unplanned", "not a planned
    /// return"): staged intent elsewhere in the note does not outweigh complications.
    Unplanned,
    /// A new, unrelated problem (79).
    Unrelated,
    /// Separate site, structure, organ, lesion or incision (XS/59).
    DistinctSite,
    /// Separate encounter or session the same day (XE/59).
    DistinctSession,
    /// A different practitioner performed the service (XP/59).
    DistinctPractitioner,
    /// An unusual, non-overlapping service (XU/59).
    DistinctNonoverlap,
    /// The same procedure repeated (76/77).
    Repeat,
    /// Work done in an operating, procedure or endoscopy room, or a cath lab.
    SettingOr,
    /// Work done at the bedside, in an ICU bed, an exam room or the office.
    SettingBedside,
    /// A statement that the patient had an earlier procedure ("s/p", "status post").
    PriorProcedure,
    /// The earlier procedure was done by another physician or group (its global does not bind).
    OtherPhysician,
    /// The earlier procedure was the author's own ("I placed", "with me"): a
    /// prior procedure stated in prose, by the same physician.
    PriorOwn,
    /// Names what a procedure line does ("biopsies", "snared"); the trigger's
    /// `codes` say which lines. Carries no weight: facts read it to place each
    /// line's work at its sites and to find same-day repeats.
    Service,
    /// An anatomic site ("antrum", "left shoulder", "sigmoid"); the trigger id
    /// names the site. Carries no weight.
    Site,
}

impl Category {
    /// The name used in lexicons and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Staged => "staged",
            Category::MoreExtensive => "more_extensive",
            Category::TherapeuticAfterDiagnostic => "therapeutic_after_diagnostic",
            Category::Complication => "complication",
            Category::ReturnToOr => "return_to_or",
            Category::Unplanned => "unplanned",
            Category::Unrelated => "unrelated",
            Category::DistinctSite => "distinct_site",
            Category::DistinctSession => "distinct_session",
            Category::DistinctPractitioner => "distinct_practitioner",
            Category::DistinctNonoverlap => "distinct_nonoverlap",
            Category::Repeat => "repeat",
            Category::SettingOr => "setting_or",
            Category::SettingBedside => "setting_bedside",
            Category::PriorProcedure => "prior_procedure",
            Category::OtherPhysician => "other_physician",
            Category::PriorOwn => "prior_own",
            Category::Service => "service",
            Category::Site => "site",
        }
    }

    /// Every category, for listings.
    pub const ALL: [Category; 19] = [
        Category::Staged,
        Category::MoreExtensive,
        Category::TherapeuticAfterDiagnostic,
        Category::Complication,
        Category::ReturnToOr,
        Category::Unplanned,
        Category::Unrelated,
        Category::DistinctSite,
        Category::DistinctSession,
        Category::DistinctPractitioner,
        Category::DistinctNonoverlap,
        Category::Repeat,
        Category::SettingOr,
        Category::SettingBedside,
        Category::PriorProcedure,
        Category::OtherPhysician,
        Category::PriorOwn,
        Category::Service,
        Category::Site,
    ];
}

/// The CMS fee schedule's "GLOB DAYS" indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GlobalDays {
    /// Same day only.
    D000,
    /// Ten post-operative days.
    D010,
    /// Ninety post-operative days (and the day before).
    D090,
    /// Global concept does not apply.
    Xxx,
    /// Add-on code, judged with its primary.
    Zzz,
    /// Payer decides.
    Yyy,
    /// Maternity.
    Mmm,
}

impl GlobalDays {
    /// Parses the fee-schedule spelling (`090`, `10`, `XXX`) or a JSON number.
    pub fn parse(s: &str) -> Option<GlobalDays> {
        match s.trim().to_ascii_uppercase().as_str() {
            "000" | "00" | "0" => Some(GlobalDays::D000),
            "010" | "10" => Some(GlobalDays::D010),
            "090" | "90" => Some(GlobalDays::D090),
            "XXX" => Some(GlobalDays::Xxx),
            "ZZZ" => Some(GlobalDays::Zzz),
            "YYY" => Some(GlobalDays::Yyy),
            "MMM" => Some(GlobalDays::Mmm),
            _ => None,
        }
    }

    /// Post-operative days after the index date, when the concept applies.
    pub fn window_days(self) -> Option<i32> {
        match self {
            GlobalDays::D000 => Some(0),
            GlobalDays::D010 => Some(10),
            GlobalDays::D090 => Some(90),
            _ => None,
        }
    }

    /// The fee-schedule spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            GlobalDays::D000 => "000",
            GlobalDays::D010 => "010",
            GlobalDays::D090 => "090",
            GlobalDays::Xxx => "XXX",
            GlobalDays::Zzz => "ZZZ",
            GlobalDays::Yyy => "YYY",
            GlobalDays::Mmm => "MMM",
        }
    }

    /// The JSON value used in output: a number for day counts, the letters otherwise.
    pub fn to_json(self) -> serde_json::Value {
        match self.window_days() {
            Some(d) => serde_json::Value::from(d),
            None => serde_json::Value::from(self.as_str()),
        }
    }
}

impl fmt::Display for GlobalDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modifiers_round_trip_through_their_claim_spelling() {
        for m in Modifier::ALL {
            assert_eq!(Modifier::parse(m.as_str()), Some(m));
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{}\"", m.as_str()));
        }
        assert_eq!(Modifier::parse("xs"), Some(Modifier::XS));
        assert_eq!(Modifier::parse("LT"), None);
    }

    #[test]
    fn global_days_accept_fee_schedule_and_numeric_spellings() {
        assert_eq!(GlobalDays::parse("090"), Some(GlobalDays::D090));
        assert_eq!(GlobalDays::parse("90"), Some(GlobalDays::D090));
        assert_eq!(GlobalDays::parse("xxx"), Some(GlobalDays::Xxx));
        assert_eq!(GlobalDays::parse("45"), None);
        assert_eq!(GlobalDays::D010.window_days(), Some(10));
        assert_eq!(GlobalDays::Zzz.window_days(), None);
    }
}

/// Whether `s` has the shape of a CPT or HCPCS Level II code (5 characters:
/// 5 digits, 4 digits and a letter, or a letter and 4 digits).
pub fn is_code_shape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && b.iter().all(|c| c.is_ascii_alphanumeric())
        && (b[..4].iter().all(u8::is_ascii_digit) || (b[0].is_ascii_alphabetic() && b[1..].iter().all(u8::is_ascii_digit)))
}
