//! Markup reduction for note attachments: HTML and RTF become plain text of
//! exactly the same byte length, so that an evidence span's offsets into the
//! reduced note are also offsets into the decoded attachment.
//!
//! Markup (tags, control words, braces, ignorable RTF destinations such as
//! `{\*...}`, `\fonttbl`, `\colortbl`, `\stylesheet`, `\info`) is replaced by
//! spaces of the same length; a block tag (`<p>`, `<br>`, `<div>`, `<li>`,
//! ...) or `\par`/`\line` starts with a newline instead. An escape (`&amp;`,
//! `&#233;`, `\'e9`, `\u233?`) becomes its character followed by spaces up
//! to the escape's length. Every replacement covers whole UTF-8 characters,
//! so the result is valid UTF-8 whenever the input is.

/// HTML tags whose start or end breaks a line.
const BLOCK_TAGS: &[&str] = &[
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "title", "tr", "ul",
];

/// RTF destinations whose text is not part of the document body.
const RTF_SKIPPED: &[&str] = &[
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "footer", "headerl", "headerr", "footerl",
    "footerr", "object", "listtable", "listoverridetable", "revtbl", "rsidtbl", "generator", "xmlnstbl", "themedata",
    "colorschememapping", "latentstyles", "datastore", "fldinst", "bkmkstart", "bkmkend", "pntext", "pntxta", "pntxtb",
];

/// Writes `c` at `out[at..at + len]`, padded with spaces; `None` when the
/// character's UTF-8 form is longer than `len`.
fn put_char(out: &mut [u8], at: usize, len: usize, c: char) -> Option<()> {
    let mut buf = [0u8; 4];
    let enc = c.encode_utf8(&mut buf).as_bytes();
    if enc.len() > len {
        return None;
    }
    out[at..at + enc.len()].copy_from_slice(enc);
    out[at + enc.len()..at + len].fill(b' ');
    Some(())
}

/// Blanks `out[range]`, starting it with a newline when `newline`.
fn blank(out: &mut [u8], start: usize, end: usize, newline: bool) {
    out[start..end].fill(b' ');
    if newline && end > start {
        out[start] = b'\n';
    }
}

fn into_text(out: Vec<u8>) -> String {
    // Every replacement above covers whole characters of valid UTF-8 input.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Reduces HTML to text of the same byte length.
pub fn html_to_text(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'<' if html[i..].starts_with("<!--") => {
                let end = html[i + 4..].find("-->").map(|p| i + 4 + p + 3).unwrap_or(b.len());
                blank(&mut out, i, end, false);
                i = end;
            }
            b'<' => {
                let Some(close) = memchr::memchr(b'>', &b[i..]).map(|p| i + p + 1) else { break };
                let opening = b.get(i + 1) != Some(&b'/');
                let name = tag_name(&html[i + 1..close - 1]);
                blank(&mut out, i, close, BLOCK_TAGS.contains(&name.as_str()));
                i = close;
                if opening && (name == "script" || name == "style") {
                    let end = find_ci(&html[i..], &format!("</{name}")).map(|p| i + p).unwrap_or(b.len());
                    blank(&mut out, i, end, false);
                    i = end;
                }
            }
            b'&' => {
                let len = entity(&html[i..]).and_then(|(c, len)| put_char(&mut out, i, len, c).map(|_| len));
                i += len.unwrap_or(1);
            }
            _ => i += 1,
        }
    }
    into_text(out)
}

/// The lower-case name of a tag's inside (`/P class=x` -> `p`).
fn tag_name(inside: &str) -> String {
    inside.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase()
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes().windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// A character entity at the start of `s`: its character and length.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.bytes().take(12).position(|c| c == b';')?;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(n).filter(|c| *c != '\0')?
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
            "ndash" => '–',
            "mdash" => '—',
            "deg" => '°',
            "plusmn" => '±',
            "times" => '×',
            "middot" => '·',
            "hellip" => '…',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

/// Reduces RTF to text of the same byte length.
pub fn rtf_to_text(rtf: &str) -> String {
    let b = rtf.as_bytes();
    let mut out = b.to_vec();
    // Per open group: whether its text is skipped.
    let mut groups: Vec<bool> = Vec::new();
    let mut skip_fallback = 0usize;
    let mut i = 0;
    while i < b.len() {
        let skipping = groups.last().copied().unwrap_or(false);
        match b[i] {
            b'{' => {
                groups.push(skipping);
                out[i] = b' ';
                i += 1;
            }
            b'}' => {
                groups.pop();
                out[i] = b' ';
                i += 1;
            }
            b'\\' => {
                let (len, what) = control(&rtf[i..]);
                match what {
                    Control::Destination(true) => {
                        if let Some(g) = groups.last_mut() {
                            *g = true;
                        }
                        blank(&mut out, i, i + len, false);
                    }
                    Control::Char(c) if !skipping && skip_fallback == 0 => {
                        if put_char(&mut out, i, len, c).is_none() {
                            blank(&mut out, i, i + len, false);
                        }
                    }
                    Control::Unicode(c) if !skipping => {
                        if put_char(&mut out, i, len, c).is_none() {
                            blank(&mut out, i, i + len, false);
                        }
                        skip_fallback = 1;
                        i += len;
                        continue;
                    }
                    Control::Break(c) if !skipping => blank_with(&mut out, i, i + len, c),
                    _ => blank(&mut out, i, i + len, false),
                }
                if skip_fallback > 0 && !matches!(what, Control::Destination(_)) {
                    skip_fallback -= 1;
                }
                i += len;
            }
            b'\r' | b'\n' => {
                out[i] = b' ';
                i += 1;
            }
            _ => {
                let len = rtf[i..].chars().next().map_or(1, char::len_utf8);
                if skipping || skip_fallback > 0 {
                    blank(&mut out, i, i + len, false);
                    skip_fallback = skip_fallback.saturating_sub(1);
                }
                i += len;
            }
        }
    }
    into_text(out)
}

fn blank_with(out: &mut [u8], start: usize, end: usize, c: u8) {
    out[start..end].fill(b' ');
    out[start] = c;
}

/// What an RTF control word or symbol does.
enum Control {
    /// Starts a destination; `true` when its text is skipped.
    Destination(bool),
    /// Stands for a character (`\'e9`, `\{`).
    Char(char),
    /// `\uN`: a character followed by one fallback character to skip.
    Unicode(char),
    /// A line break or tab (the byte to write).
    Break(u8),
    /// Formatting only.
    Format,
}

/// The control word or symbol at the start of `s` (which begins with `\`): its
/// byte length (including one delimiting space) and meaning.
fn control(s: &str) -> (usize, Control) {
    let b = s.as_bytes();
    let Some(&next) = b.get(1) else { return (1, Control::Format) };
    if next.is_ascii_alphabetic() {
        let word_end = 1 + b[1..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
        let word = &s[1..word_end];
        let mut end = word_end;
        if b.get(end) == Some(&b'-') {
            end += 1;
        }
        let digits = b[end..].iter().take_while(|c| c.is_ascii_digit()).take(10).count();
        let param: Option<i64> = if digits > 0 { s[word_end..end + digits].parse().ok() } else { None };
        end += digits;
        if b.get(end) == Some(&b' ') {
            end += 1;
        }
        let what = match word {
            "par" | "line" | "sect" | "page" | "row" => Control::Break(b'\n'),
            "tab" | "cell" => Control::Break(b'\t'),
            "u" => {
                let code = param.map(|p| if p < 0 { p + 65536 } else { p }).unwrap_or(0);
                Control::Unicode(u32::try_from(code).ok().and_then(char::from_u32).unwrap_or('\u{fffd}'))
            }
            w if RTF_SKIPPED.contains(&w) => Control::Destination(true),
            "emdash" => Control::Char('—'),
            "endash" => Control::Char('–'),
            "bullet" => Control::Char('•'),
            "lquote" => Control::Char('‘'),
            "rquote" => Control::Char('’'),
            "ldblquote" => Control::Char('“'),
            "rdblquote" => Control::Char('”'),
            _ => Control::Format,
        };
        return (end, what);
    }
    match next {
        b'\'' => {
            let hex = s.get(2..4).and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(byte) => (4, Control::Char(cp1252(byte))),
                None => (2, Control::Format),
            }
        }
        b'*' => (2, Control::Destination(true)),
        b'\\' | b'{' | b'}' => (2, Control::Char(next as char)),
        b'~' => (2, Control::Char(' ')),
        b'_' => (2, Control::Char('-')),
        b'\r' | b'\n' => (2, Control::Break(b'\n')),
        c if c.is_ascii() => (2, Control::Format),
        // A backslash before a non-ASCII character: blank the backslash only.
        _ => (1, Control::Format),
    }
}

/// A Windows-1252 byte as a character.
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘', '’',
        '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn html_keeps_offsets_and_breaks_blocks() {
        let html = "<html><body><p>Hematoma &amp; drainage,&nbsp;left knee</p><br/>Returned to the OR&#46;</body></html>";
        let text = html_to_text(html);
        assert_eq!(text.len(), html.len());
        let at = html.find("Hematoma").unwrap();
        assert_eq!(&text[at..at + 8], "Hematoma");
        assert!(text.contains("Hematoma &     drainage,      left knee"), "{text:?}");
        assert!(text.contains("\n    Returned to the OR.    "), "{text:?}");
        assert!(text.contains("\n  "), "the <p> starts a line");
    }

    #[test]
    fn html_drops_scripts_styles_and_comments() {
        let html = "<style>p{color:red}</style><!-- hidden -->Note<script>alert(1)</script> text";
        let text = html_to_text(html);
        assert_eq!(text.len(), html.len());
        assert_eq!(text.split_whitespace().collect::<Vec<_>>(), ["Note", "text"]);
    }

    #[test]
    fn rtf_skips_destinations_and_decodes_escapes() {
        let rtf = r"{\rtf1\ansi{\fonttbl{\f0 Arial;}}{\colortbl;\red0\green0\blue0;}{\*\generator Writer;}{\info{\author X}}\f0 Hematoma, r\'e9-exploration\par Returned to the OR \u8212? today.\par}";
        let text = rtf_to_text(rtf);
        assert_eq!(text.len(), rtf.len());
        let words: Vec<&str> = text.split_whitespace().collect();
        // An escape's padding follows its character: "r\'e9-" reads "ré  -".
        assert_eq!(words, ["Hematoma,", "ré", "-exploration", "Returned", "to", "the", "OR", "—", "today."], "{text:?}");
        let at = rtf.find("Returned").unwrap();
        assert_eq!(&text[at..at + 8], "Returned");
        assert!(text[..at].contains('\n'), "\\par breaks the line");
    }

    proptest! {
        #[test]
        fn reduction_keeps_length_and_boundaries(s in "(\\PC|[<>&;{}\\\\'*#])*") {
            for reduced in [html_to_text(&s), rtf_to_text(&s)] {
                prop_assert_eq!(reduced.len(), s.len());
                // Character boundaries of the reduced text are boundaries of the input's bytes.
                for (i, _) in reduced.char_indices() {
                    prop_assert!(reduced.is_char_boundary(i));
                }
            }
        }
    }
}
