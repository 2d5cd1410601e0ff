//! [`StrList`]: a list of strings in one buffer.
//!
//! A lexicon holds some ten thousand short strings (phrases, the literals an
//! expression begins or ends with). As `Vec<String>` each is an allocation
//! of its own, and reading the built-in lexicon at start-up was mostly
//! allocating and filling them. A `StrList` keeps a list's strings end to
//! end in one `String`, with where each ends. In human-readable formats
//! (TOML, JSON) it is a plain sequence of strings, like a `Vec<String>`; in
//! binary ones (the pre-built lexicon's postcard) it is the buffer and the
//! ends, read with two allocations.

use std::fmt;

use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Strings stored end to end; iterate with [`StrList::iter`].
///
/// ```
/// use modcite::strlist::StrList;
/// let list: StrList = ["staged", "second stage"].into_iter().collect();
/// assert_eq!(list.iter().collect::<Vec<_>>(), ["staged", "second stage"]);
/// assert_eq!(list.len(), 2);
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct StrList {
    text: String,
    /// Where each string ends in `text`.
    ends: Vec<u32>,
}

impl StrList {
    /// The number of strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The strings, in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter { list: self, next: 0 }
    }

    /// Appends `s`.
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(u32::try_from(self.text.len()).expect("a list of strings under 4 GiB"));
    }

    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Some(&self.text[start..end])
    }
}

/// The strings of a [`StrList`].
#[derive(Clone)]
pub struct Iter<'a> {
    list: &'a StrList,
    next: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.list.get(self.next)?;
        self.next += 1;
        Some(s)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.list.len() - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a StrList {
    type Item = &'a str;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<S: AsRef<str>> FromIterator<S> for StrList {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> StrList {
        let mut list = StrList::default();
        for s in iter {
            list.push(s.as_ref());
        }
        list
    }
}

impl From<Vec<String>> for StrList {
    fn from(v: Vec<String>) -> StrList {
        v.into_iter().collect()
    }
}

impl fmt::Debug for StrList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for StrList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_seq(self.iter())
        } else {
            (&self.text, &self.ends).serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for StrList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<StrList, D::Error> {
        if deserializer.is_human_readable() {
            return deserializer.deserialize_seq(ListVisitor);
        }
        let (text, ends) = <(String, Vec<u32>)>::deserialize(deserializer)?;
        let mut start = 0;
        for &end in &ends {
            let end = end as usize;
            if end < start || !text.is_char_boundary(end) {
                return Err(serde::de::Error::custom("a list of strings whose ends do not fit its text"));
            }
            start = end;
        }
        Ok(StrList { text, ends })
    }
}

struct ListVisitor;

impl<'de> Visitor<'de> for ListVisitor {
    type Value = StrList;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of strings")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StrList, A::Error> {
        let mut list = StrList { text: String::new(), ends: Vec::with_capacity(seq.size_hint().unwrap_or(0)) };
        while seq.next_element_seed(AppendTo(&mut list))?.is_some() {}
        Ok(list)
    }
}

/// Reads one string straight into the list's buffer (a borrowed string is
/// copied once, and no `String` is made for it).
struct AppendTo<'a>(&'a mut StrList);

impl<'de> DeserializeSeed<'de> for AppendTo<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for AppendTo<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<(), E> {
        if self.0.text.len() + s.len() > u32::MAX as usize {
            return Err(E::custom("a list of strings over 4 GiB"));
        }
        self.0.push(s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_postcard_and_json() {
        let list: StrList = ["", "a b", "stage ii", "é"].into_iter().collect();
        let bytes = postcard::to_allocvec(&list).unwrap();
        assert_eq!(postcard::from_bytes::<StrList>(&bytes).unwrap(), list);
        let json = serde_json::to_string(&list).unwrap();
        assert_eq!(json, r#"["","a b","stage ii","é"]"#);
        assert_eq!(serde_json::from_str::<StrList>(&json).unwrap(), list);
        assert_eq!(format!("{list:?}"), r#"["", "a b", "stage ii", "é"]"#);
    }

    #[test]
    fn refuses_binary_ends_that_do_not_fit_the_text() {
        for ends in [vec![3u32, 2], vec![9], vec![2]] {
            let bytes = postcard::to_allocvec(&("aé", ends.clone())).unwrap();
            assert!(postcard::from_bytes::<StrList>(&bytes).is_err(), "{ends:?}");
        }
        let bytes = postcard::to_allocvec(&("aé", vec![1u32, 3])).unwrap();
        assert_eq!(postcard::from_bytes::<StrList>(&bytes).unwrap().iter().collect::<Vec<_>>(), ["a", "é"]);
    }

    #[test]
    fn reads_strings_with_escapes_from_json() {
        let list: StrList = serde_json::from_str(r#"["a\"b", "c\nd"]"#).unwrap();
        assert_eq!(list.iter().collect::<Vec<_>>(), ["a\"b", "c\nd"]);
        assert!(serde_json::from_str::<StrList>("[1]").is_err());
    }
}
