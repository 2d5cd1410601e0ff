//! modcite: suggest CPT modifiers (58, 78, 79, 59 and X{EPSU}, 76/77) from
//! clinical procedure notes, with ranked, explained suggestions backed by
//! evidence spans cited by exact byte offsets.
//!
//! The library is a pipeline, one module per stage:
//!
//! 1. [`encounter`]: input records (the JSON contract) and their validation;
//! 2. [`note`]: the note model: a matching view with an offset map back to
//!    the original text, lines, sections and sentences;
//! 3. [`matcher`]: lexicon phrase and pattern hits over the note view;
//! 4. [`assertion`]: present / negated / hypothetical / historical /
//!    conditional for each hit, from context cues and section rules;
//! 5. [`facts`]: encounter facts: global periods, history, NCCI pairs,
//!    repeats, setting;
//! 6. [`rank`]: the scoring model turning hits and facts into ranked
//!    suggestions per procedure line;
//! 7. [`audit`]: findings comparing billed modifiers with the documentation;
//! 8. [`analyze`]: the whole pipeline behind one call.
//!
//! Domain knowledge (phrases, weights, cues, code tables) lives in
//! [`lexicon`] data and [`codes`] tables, not in code; [`tokens`] compiles
//! the lexicons' word-level patterns. The built-in lexicons are parsed and
//! checked at compile time (`build.rs`) and embedded pre-built.
//!
//! Before the pipeline, [`interop`] reads notes where they live (FHIR R4
//! Bundles and bulk exports, HL7 v2 messages) into encounters. Around the
//! pipeline: [`batch`] reads archives and runs the analyzer on a
//! worker pool in input order; [`resume`] checks an interrupted run's output
//! against its input so that `batch --resume` can go on; [`output`],
//! [`report`] and [`serve`] are the formats and the local page.
//!
//! The Python bindings (`python/`) build their analyzer with
//! [`analyze::DataFiles`] and analyze records with [`batch::analyze_record`]
//! and [`output::render`], as `batch` does.

pub mod analyze;
pub mod assertion;
pub mod audit;
pub mod batch;
pub mod codes;
pub mod encounter;
pub mod eval;
pub mod facts;
pub mod fold;
pub mod interop;
pub mod lexicon;
pub mod matcher;
pub mod model;
pub mod note;
pub mod output;
mod prebuilt;
pub mod rank;
pub mod report;
pub mod result;
pub mod resume;
#[cfg(feature = "serve")]
pub mod serve;
pub mod strlist;
pub mod tokens;
