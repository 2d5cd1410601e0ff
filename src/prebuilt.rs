//! The built-in lexicon, pre-built.
//!
//! `build.rs` parses and checks the files of `lexicons/` at compile time
//! (with this crate's own `lexicon` module), extracts every expression's lead
//! literals, and writes the result as postcard bytes, embedded here. Start-up
//! then deserializes a checked lexicon instead of parsing TOML and compiling
//! a hundred expressions; those compile on first use. A lexicon file edited
//! after the build cannot be missed: cargo reruns the build script when
//! anything under `lexicons/` changes. User layers (`--lexicon`) are parsed
//! at run time over the built-in files, as before.

use crate::lexicon::{Lexicon, LexiconError};

static BUILTIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin_lexicon.postcard"));

impl Lexicon {
    /// The lexicons compiled into the binary.
    pub fn builtin() -> Result<Lexicon, LexiconError> {
        // The bytes were written from these very types by this build; should
        // they ever not read back, parsing the embedded files gives the same set.
        postcard::from_bytes(BUILTIN).or_else(|_| Lexicon::parse_layers(&[]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prebuilt_lexicon_is_the_parsed_one() {
        let prebuilt = postcard::from_bytes::<Lexicon>(BUILTIN).expect("pre-built lexicon reads back");
        let parsed = Lexicon::parse_layers(&[]).unwrap();
        assert_eq!(postcard::to_allocvec(&prebuilt).unwrap(), postcard::to_allocvec(&parsed).unwrap());
        assert_eq!(prebuilt.triggers.len(), parsed.triggers.len());
        // Every pre-built pattern compiles when first used (a failure panics).
        for r in prebuilt.triggers.iter().flat_map(|t| &t.patterns) {
            r.compiled();
        }
    }
}
