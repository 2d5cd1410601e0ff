//! Assertion: decides, for every trigger hit, whether the note states it as
//! present, negated, hypothetical, historical or conditional.
//!
//! ConText-style: a cue governs triggers within its scope (direction and
//! maximum words from the lexicon) inside the same sentence, unless a
//! terminator stands between them; the nearest applicable cue wins. Where no cue
//! applies, a section rule may (a COMPLICATIONS section saying "None" denies
//! complication phrases in it; consent sections are hypothetical).

use crate::lexicon::{Direction, Lexicon};
use crate::matcher::{Hit, Matches, Owner};
use crate::model::{Assertion, Category};
use crate::note::{is_word_char, Note};

/// A trigger hit with its assertion and what decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct AssertedHit {
    /// The hit (its owner is a trigger).
    pub hit: Hit,
    /// Index into `Lexicon::triggers`.
    pub trigger: usize,
    /// The trigger's category.
    pub category: Category,
    /// What the note says about it.
    pub assertion: Assertion,
    /// The cue or section rule that set a non-present assertion, with the cue's
    /// view range when it was a cue.
    pub decided_by: Option<(String, Option<(usize, usize)>)>,
    /// Index into `Note::sections`.
    pub section: usize,
}

fn section_body_matches(note: &Note, section: usize, phrases: &[String]) -> bool {
    let sec = &note.sections()[section];
    let vs = note.view_offset(sec.header.1);
    let ve = note.view_offset(sec.range.1);
    let body = note.folded()[vs..ve].trim_start_matches([':', '-', ' ', '\n', '\t']);
    phrases.iter().any(|p| {
        body.starts_with(p.as_str()) && body[p.len()..].chars().next().is_none_or(|c| !is_word_char(c))
    })
}

/// Categories whose phrases never hold a denial of their own, so a
/// negation cue inside a hit (let in by a token pattern's gap) denies it.
/// Others may say "wasn't a problem then" in their own words.
const DENIED_INSIDE: [Category; 1] = [Category::ReturnToOr];

/// Gives every trigger hit of `matches` its assertion.
pub fn assert_hits(note: &Note, matches: &Matches, lexicon: &Lexicon) -> Vec<AssertedHit> {
    let mut out = Vec::with_capacity(matches.triggers.len());
    // Which section rules hold for which section, computed once.
    let mut rule_holds: Vec<Vec<usize>> = vec![Vec::new(); note.sections().len()];
    for (si, sec) in note.sections().iter().enumerate() {
        for (ri, rule) in lexicon.section_rules.iter().enumerate() {
            if rule.section == sec.name && (rule.when_body.is_empty() || section_body_matches(note, si, &rule.when_body)) {
                rule_holds[si].push(ri);
            }
        }
    }
    for &hit in &matches.triggers {
        let Owner::Trigger(ti) = hit.owner else { continue };
        let trigger = &lexicon.triggers[ti];
        let category = trigger.category;
        let section = note.section_at(note.original_offset(hit.start));
        let mut assertion = Assertion::Present;
        let mut decided_by = None;
        if let Some(si) = note.sentence_at(hit.start) {
            let sent = note.sentences()[si];
            let lo = matches.cues.partition_point(|c| c.start < sent.start);
            let hi = matches.cues.partition_point(|c| c.start < sent.end);
            let in_sentence = &matches.cues[lo..hi];
            // A trigger that opens with its own negation ("not related to")
            // says what it says: a denial before it is another item of a
            // list ("not a recurrence and not related to anything we did").
            let self_negated = in_sentence.iter().any(|c| {
                c.start == hit.start && matches!(c.owner, Owner::Cue(ci) if lexicon.cues[ci].assertion == Assertion::Negated)
            });
            let mut best: Option<(usize, Assertion, usize)> = None;
            for (k, cue_hit) in in_sentence.iter().enumerate() {
                let Owner::Cue(ci) = cue_hit.owner else { continue };
                let cue = &lexicon.cues[ci];
                // A cue that runs into the hit's first words ("may need" before
                // "need to take her back to the OR") still leads into it; not a
                // denial, whose "not" a trigger may hold ("is not" before "not
                // related to").
                let overlaps = cue_hit.start < hit.end && hit.start < cue_hit.end;
                let leads_in = overlaps && cue_hit.start < hit.start && cue_hit.end < hit.end && cue.assertion != Assertion::Negated;
                if !cue.applies_to(category) || (overlaps && !leads_in) {
                    continue;
                }
                if self_negated && cue.assertion == Assertion::Negated {
                    continue;
                }
                let forward = cue_hit.end <= hit.start || leads_in;
                let allowed = match cue.direction {
                    Direction::Forward => forward,
                    Direction::Backward => !forward,
                    Direction::Both => true,
                };
                if !allowed {
                    continue;
                }
                let (gap_start, gap_end) = if forward { (cue_hit.end.min(hit.start), hit.start) } else { (hit.end, cue_hit.start) };
                let words = note.words_between(gap_start, gap_end);
                if cue.max_words > 0 && words > cue.max_words as usize {
                    continue;
                }
                // A closing parenthesis ends a cue said inside its brackets,
                // not one said before them: "Risks reviewed incl bleeding (on
                // anticoag), infection" keeps its aside within its reach.
                let view = note.view();
                let aside_closed = |t: &crate::matcher::Hit| {
                    view.get(t.start..t.end) == Some(")")
                        && view.get(gap_start..t.start).is_some_and(|g| g.matches('(').count() > g.matches(')').count())
                };
                // A terminator that starts in the gap ends the scope, even one
                // that runs on into the hit ("could not be saved and the plan
                // was: ..." ends at "and the plan was").
                // So does a flattened export's line break after a cue said
                // before its hit ("no paralytic,Separate trip"): the cue's line
                // ended there. A cue after its hit still reads back across the
                // break, as it does across a written note's wrapped line ("->
                // back to OR,Discussed w/ pt").
                let terminated = in_sentence.iter().any(|t| {
                    t.owner == Owner::Terminator && t.start >= gap_start && t.start < gap_end && !aside_closed(t)
                }) || (forward && note.holds_flattened_break(gap_start, gap_end));
                if terminated {
                    continue;
                }
                let better = match best {
                    None => true,
                    Some((w, a, _)) => words < w || (words == w && cue.assertion < a),
                };
                if better {
                    best = Some((words, cue.assertion, k));
                }
            }
            // A denial inside a return's own words, which a gap lets in
            // ("Decided not to go back to the OR for now"): the return is denied.
            if best.is_none() && DENIED_INSIDE.contains(&category) {
                let inside = |c: &&Hit| c.start > hit.start && c.end <= hit.end;
                let denial = in_sentence.iter().filter(inside).find_map(|c| match c.owner {
                    Owner::Cue(ci) if lexicon.cues[ci].assertion == Assertion::Negated && lexicon.cues[ci].applies_to(category) => Some((ci, c)),
                    _ => None,
                });
                if let Some((ci, c)) = denial {
                    assertion = Assertion::Negated;
                    decided_by = Some((lexicon.cues[ci].id.clone(), Some((c.start, c.end))));
                }
            }
            if let Some((_, a, k)) = best {
                let cue_hit = in_sentence[k];
                let Owner::Cue(ci) = cue_hit.owner else { unreachable!("filtered above") };
                assertion = a;
                decided_by = Some((lexicon.cues[ci].id.clone(), Some((cue_hit.start, cue_hit.end))));
            }
        }
        if assertion == Assertion::Present {
            for &ri in &rule_holds[section] {
                let rule = &lexicon.section_rules[ri];
                if rule.categories.is_empty() || rule.categories.contains(&category) {
                    assertion = rule.assertion;
                    decided_by = Some((rule.id.clone(), None));
                    break;
                }
            }
        }
        out.push(AssertedHit { hit, trigger: ti, category, assertion, decided_by, section });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Matcher;
    use crate::note::NoteScheme;

    fn asserted(text: &str) -> Vec<(String, Assertion)> {
        let lex = Lexicon::builtin().unwrap();
        let note = Note::new(text, &NoteScheme::new(&lex)).unwrap();
        let m = Matcher::new(&lex).find(&note);
        assert_hits(&note, &m, &lex)
            .into_iter()
            .map(|a| (note.span(a.hit.start, a.hit.end).text, a.assertion))
            .collect()
    }

    fn of(list: &[(String, Assertion)], text: &str) -> Assertion {
        list.iter().find(|(t, _)| t == text).unwrap_or_else(|| panic!("{text} not in {list:?}")).1
    }

    #[test]
    fn negation_hypothetical_and_history_cues() {
        let a = asserted(
            "There was no hematoma. Risks including infection and bleeding were discussed. \
             She has a h/o wound infection after a prior surgery in 2015. \
             She may require a staged procedure. Now with a large hematoma.",
        );
        assert_eq!(a[0], ("hematoma".into(), Assertion::Negated));
        assert_eq!(of(&a, "infection"), Assertion::Hypothetical);
        assert_eq!(of(&a, "wound infection"), Assertion::Historical);
        assert_eq!(of(&a, "staged procedure"), Assertion::Hypothetical);
        assert_eq!(a.last().unwrap(), &("large hematoma".replace("large ", ""), Assertion::Present));
    }

    #[test]
    fn terminators_end_scope() {
        let a = asserted("No fever, but the wound dehiscence is obvious.");
        assert_eq!(of(&a, "wound dehiscence"), Assertion::Present);
        // A closing parenthesis ends what was said inside it.
        let a = asserted("Sacral wound debrided (bone not exposed), a completely separate site from the stump.");
        assert_eq!(of(&a, "completely separate"), Assertion::Present);
        let a = asserted("Sacral wound debrided, bone not exposed, a completely separate site from the stump.");
        assert_eq!(of(&a, "completely separate"), Assertion::Negated, "without the parenthesis the cue still reaches");
        // A cue before the brackets reaches past them.
        let a = asserted("Risks reviewed incl bleeding (on anticoag), infection, seroma.");
        assert_eq!(of(&a, "infection"), Assertion::Hypothetical);
        // A terminator that starts in the gap ends it though it runs on into
        // the hit ("and the plan was" over "plan was: ... then come back for").
        let a = asserted("The forefoot could not be saved and the plan was: open the leg up first, then come back for the foot.");
        assert_eq!(of(&a, "plan was: open the leg up first, then come back for"), Assertion::Present);
    }

    #[test]
    fn no_active_bleeding_is_negated() {
        // A cue that overlaps the trigger's head ("no active" over "active
        // bleeding") would be skipped; the plain "no" reaches it.
        let a = asserted("There is no active bleeding from the penis at this time.");
        assert_eq!(of(&a, "active bleeding"), Assertion::Negated);
        let a = asserted("Active bleeding from the vaginal cuff.");
        assert_eq!(of(&a, "Active bleeding"), Assertion::Present);
    }

    #[test]
    fn a_denial_inside_a_returns_words_denies_it() {
        let a = asserted("Decided not to go back to the OR for now, will place a drain.");
        let ret = a.iter().find(|(t, _)| t.to_lowercase().contains("back to the or")).expect("a return hit");
        assert_eq!(ret.1, Assertion::Negated, "{a:?}");
        let a = asserted("Decided to go back to the OR tonight.");
        let ret = a.iter().find(|(t, _)| t.to_lowercase().contains("back to the or")).expect("a return hit");
        assert_eq!(ret.1, Assertion::Present, "{a:?}");
    }

    #[test]
    fn what_could_not_be_done_is_a_fact() {
        // "not possible" says what happened; neither word is a cue for the
        // return told after it.
        let a = asserted("Control in the ED was not possible and she was brought back to the operating room.");
        assert_eq!(of(&a, "brought back to the operating room"), Assertion::Present);
        let a = asserted("It may be possible to bring her back to the operating room.");
        assert_eq!(of(&a, "back to the operating room"), Assertion::Hypothetical);
    }

    #[test]
    fn complications_none_section_negates() {
        let a = asserted("FINDINGS: Clean wound.\nCOMPLICATIONS: None; minor bleeding from skin edges.\nPLAN: home.");
        assert_eq!(of(&a, "bleeding"), Assertion::Negated);
        let a = asserted("COMPLICATIONS: Postoperative hematoma requiring evacuation.");
        assert_eq!(of(&a, "Postoperative hematoma"), Assertion::Present);
    }
}
