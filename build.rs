//! Pre-builds the built-in lexicon (see `src/prebuilt.rs`): parses and checks
//! `lexicons/*.toml` with the crate's own lexicon module, then writes it as
//! postcard bytes to `$OUT_DIR/builtin_lexicon.postcard`. A lexicon error
//! fails the build, naming the file and line.
#![allow(dead_code)]

#[path = "src/fold.rs"]
mod fold;
#[path = "src/lexicon.rs"]
mod lexicon;
#[path = "src/model.rs"]
mod model;
#[path = "src/strlist.rs"]
mod strlist;
#[path = "src/tokens.rs"]
mod tokens;

// `Lexicon::load` falls back on this when no user layer is given; in the
// crate it deserializes what this script writes.
impl lexicon::Lexicon {
    fn builtin() -> Result<lexicon::Lexicon, lexicon::LexiconError> {
        lexicon::Lexicon::parse_layers(&[])
    }
}

fn main() {
    for path in ["lexicons", "src/fold.rs", "src/lexicon.rs", "src/model.rs", "src/strlist.rs", "src/tokens.rs"] {
        println!("cargo::rerun-if-changed={path}");
    }
    let lexicon = match lexicon::Lexicon::parse_layers(&[]) {
        Ok(l) => l,
        Err(e) => panic!("the built-in lexicons do not check:\n{e}"),
    };
    let bytes = postcard::to_allocvec(&lexicon).expect("a lexicon serializes");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_lexicon.postcard");
    std::fs::write(&out, bytes).expect("OUT_DIR is writable");
}
