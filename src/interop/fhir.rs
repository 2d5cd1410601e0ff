//! FHIR R4 input: a Bundle (or the resources of a bulk export) indexed by
//! reference, and each operative/procedure-note `DocumentReference` turned
//! into one encounter.
//!
//! Resources are read as `serde_json::Value` and only the fields of the
//! mapping are looked at (README, "Reading FHIR and HL7 v2"). References are
//! resolved within the index by `fullUrl` and by `Type/id`, one step at a
//! time along fixed paths, so reference cycles cannot loop. A reference that
//! does not resolve becomes a warning naming the resource; a note that
//! cannot be decoded is an error naming the resource; neither stops the rest.

use std::collections::HashMap;
use std::sync::OnceLock;

use base64::Engine as _;
use serde_json::Value;

use super::{laterality_in, NoteRecord, ReadError};
use crate::encounter::{Encounter, HistoryItem, ProcedureLine, Provider};

/// Coding systems of CPT and HCPCS codes.
const CPT_SYSTEMS: &[&str] = &[
    "http://www.ama-assn.org/go/cpt",
    "urn:oid:2.16.840.1.113883.6.12",
    "urn:oid:2.16.840.1.113883.6.285",
    "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
    "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
];
/// Coding systems of ICD-10-CM diagnoses.
const ICD10_SYSTEMS: &[&str] = &["http://hl7.org/fhir/sid/icd-10-cm", "urn:oid:2.16.840.1.113883.6.90", "http://hl7.org/fhir/sid/icd-10"];
const LOINC: &str = "http://loinc.org";
const SNOMED: &str = "http://snomed.info/sct";
const NPI: &str = "http://hl7.org/fhir/sid/us-npi";
/// The top-level resource fields the mapping reads (any resource type).
const KEPT_FIELDS: &[&str] = &[
    "resourceType", "id", "status", "type", "subject", "patient", "beneficiary", "author", "context", "content",
    "encounter", "period", "code", "performedDateTime", "performedPeriod", "bodySite", "performer", "reasonCode",
    "reasonReference", "identifier", "name", "practitioner", "organization", "specialty", "item", "insurance",
    "billablePeriod", "payor",
];
/// Words of a document type's text that mark an operative or procedure note.
const NOTE_WORDS: &[&str] = &["operative", "operation", "procedure", "surgical", "surgery", "op note"];

/// The code table of `lexicons/codes/interop.tsv`: (table, code) -> value.
fn table() -> &'static HashMap<(String, String), String> {
    static TABLE: OnceLock<HashMap<(String, String), String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../../lexicons/codes/interop.tsv")
            .lines()
            .skip(1)
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some(((f.next()?.to_string(), f.next()?.to_string()), f.next()?.to_string()))
            })
            .collect()
    })
}

fn lookup(table_name: &str, code: &str) -> Option<&'static str> {
    table().get(&(table_name.to_string(), code.to_string())).map(String::as_str)
}

fn text_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

fn array<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    v.get(key).and_then(Value::as_array).map(|a| a.as_slice()).unwrap_or(&[]).iter()
}

/// `Type/id` of a resource.
fn key_of(resource: &Value) -> Option<String> {
    Some(format!("{}/{}", text_of(resource, "resourceType")?, text_of(resource, "id")?))
}

/// The `Type/id` tail of a reference (`https://x/fhir/Procedure/7/_history/2` -> `Procedure/7`).
fn type_id(reference: &str) -> Option<String> {
    let path = reference.split("/_history/").next().unwrap_or(reference);
    let mut parts = path.rsplit('/');
    let id = parts.next().filter(|s| !s.is_empty())?;
    let ty = parts.next().filter(|t| t.starts_with(|c: char| c.is_ascii_uppercase()))?;
    Some(format!("{ty}/{id}"))
}

/// The first 10 characters of a FHIR date/dateTime, when they are a date.
fn date_of(v: Option<&str>) -> Option<String> {
    let d = v?.trim().get(..10)?;
    crate::encounter::parse_date(d).map(|_| d.to_string())
}

/// Codes of a CodeableConcept's codings in `systems`.
fn codes_in<'a>(concept: &'a Value, systems: &'a [&str]) -> impl Iterator<Item = String> + 'a {
    array(concept, "coding")
        .filter(move |c| text_of(c, "system").is_some_and(|s| systems.contains(&s)))
        .filter_map(|c| text_of(c, "code").map(str::to_string))
}

/// A CodeableConcept's words: its text and its codings' displays.
fn concept_text(concept: &Value) -> String {
    let mut s = text_of(concept, "text").unwrap_or("").to_string();
    for c in array(concept, "coding") {
        if let Some(d) = text_of(c, "display") {
            s.push(' ');
            s.push_str(d);
        }
    }
    s
}

/// A CodeableConcept's label: its text, else its first coding's display, else that code.
fn concept_label(concept: &Value) -> Option<String> {
    text_of(concept, "text")
        .or_else(|| array(concept, "coding").find_map(|c| text_of(c, "display").or_else(|| text_of(c, "code"))))
        .map(str::to_string)
}

/// Resources by reference, with the lookups the mapping needs.
#[derive(Default)]
pub struct Index {
    resources: Vec<Value>,
    keys: HashMap<String, usize>,
    notes: Vec<usize>,
    procedures_by_patient: HashMap<String, Vec<usize>>,
    procedures_by_encounter: HashMap<String, Vec<usize>>,
    roles_by_practitioner: HashMap<String, usize>,
    claims: Vec<usize>,
    coverages_by_patient: HashMap<String, Vec<usize>>,
}

impl Index {
    /// Adds a resource (with its bundle `fullUrl`, when it has one).
    /// Non-objects and resources without a `resourceType` are ignored.
    pub fn add(&mut self, full_url: Option<&str>, mut resource: Value) {
        if text_of(&resource, "resourceType").is_none() {
            return;
        }
        // Only the mapped fields are kept: narratives, extensions and
        // contained resources would cost memory for nothing.
        if let Value::Object(fields) = &mut resource {
            fields.retain(|k, _| KEPT_FIELDS.contains(&k.as_str()));
        }
        let at = self.resources.len();
        if let Some(k) = key_of(&resource) {
            self.keys.entry(k).or_insert(at);
        }
        if let Some(u) = full_url.filter(|u| !u.is_empty()) {
            self.keys.entry(u.to_string()).or_insert(at);
        }
        self.resources.push(resource);
    }

    /// Builds the lookups; call once every resource is added.
    pub fn finish(&mut self) {
        for i in 0..self.resources.len() {
            let r = &self.resources[i];
            match text_of(r, "resourceType").unwrap_or("") {
                "DocumentReference" => self.notes.push(i),
                "Procedure" => {
                    if let Some(p) = self.ref_key(r.get("subject")) {
                        self.procedures_by_patient.entry(p).or_default().push(i);
                    }
                    if let Some(e) = self.ref_key(r.get("encounter")) {
                        self.procedures_by_encounter.entry(e).or_default().push(i);
                    }
                }
                "PractitionerRole" => {
                    if let Some(p) = self.ref_key(r.get("practitioner")) {
                        self.roles_by_practitioner.entry(p).or_insert(i);
                    }
                }
                "Claim" => self.claims.push(i),
                "Coverage" => {
                    if let Some(p) = self.ref_key(r.get("beneficiary")) {
                        self.coverages_by_patient.entry(p).or_default().push(i);
                    }
                }
                _ => {}
            }
        }
    }

    /// The index of the resource a reference string names.
    fn find(&self, reference: &str) -> Option<usize> {
        self.keys.get(reference).copied().or_else(|| self.keys.get(&type_id(reference)?).copied())
    }

    /// A Reference's identity: the resolved resource's `Type/id`, else the
    /// reference's own `Type/id` tail, else the reference as written.
    fn ref_key(&self, reference: Option<&Value>) -> Option<String> {
        let r = text_of(reference?, "reference")?;
        match self.find(r) {
            Some(i) => key_of(&self.resources[i]).or_else(|| Some(r.to_string())),
            None => type_id(r).or_else(|| Some(r.to_string())),
        }
    }

    /// Resolves a Reference to a resource of one of `types`; a reference that
    /// is present but does not resolve (or names another type) is a warning.
    fn resolve(&self, reference: Option<&Value>, types: &[&str], ctx: &mut Ctx) -> Option<&Value> {
        let r = text_of(reference?, "reference")?;
        let found = self.find(r).map(|i| &self.resources[i]);
        match found {
            Some(v) if text_of(v, "resourceType").is_some_and(|t| types.contains(&t)) => Some(v),
            Some(_) => {
                ctx.warn(format!("reference `{r}` is not a {}", types.join(" or ")));
                None
            }
            None => {
                ctx.warn(format!("reference `{r}` is not in the bundle"));
                None
            }
        }
    }

    /// Every note DocumentReference, in index order.
    pub fn note_documents(&self) -> impl Iterator<Item = &Value> {
        self.notes.iter().map(|i| &self.resources[*i]).filter(|d| is_note(d))
    }

    /// How many DocumentReferences the index holds (notes or not).
    pub fn document_count(&self) -> usize {
        self.notes.len()
    }
}

/// What converting one note collects on the way: warnings naming it.
struct Ctx {
    who: String,
    warnings: Vec<String>,
}

impl Ctx {
    fn warn(&mut self, what: String) {
        let w = format!("{}: {what}", self.who);
        if !self.warnings.contains(&w) {
            self.warnings.push(w);
        }
    }
}

/// Whether a DocumentReference is an operative or procedure note: a LOINC
/// type listed as `note` in `lexicons/codes/interop.tsv`, or a type whose
/// text names an operation or procedure, or no type at all. A type listed
/// as `skip` (discharge summary, progress note, ...) or any other type is
/// not a note.
pub fn is_note(doc: &Value) -> bool {
    if text_of(doc, "status") == Some("entered-in-error") {
        return false;
    }
    let Some(ty) = doc.get("type").filter(|t| !t.is_null()) else { return true };
    for code in codes_in(ty, &[LOINC]) {
        match lookup("note_type", &code) {
            Some("note") => return true,
            Some(_) => return false,
            None => {}
        }
    }
    let words = concept_text(ty).to_lowercase();
    NOTE_WORDS.iter().any(|w| words.contains(w))
}

/// The name of a DocumentReference in messages: `DocumentReference/ID`.
pub fn doc_name(doc: &Value) -> String {
    key_of(doc).unwrap_or_else(|| "DocumentReference (no id)".to_string())
}

/// Converts one note DocumentReference into an encounter.
pub fn convert(index: &Index, doc: &Value) -> NoteRecord {
    let id = text_of(doc, "id").map(str::to_string).unwrap_or_else(|| doc_name(doc));
    let mut ctx = Ctx { who: doc_name(doc), warnings: Vec::new() };
    let encounter = note_text(doc, &ctx.who).map(|note| {
        let mut enc = Encounter::from_note(note);
        enc.id = Some(id.clone());
        Mapping { index, doc }.fill(&mut enc, &mut ctx);
        enc.input_warnings = std::mem::take(&mut ctx.warnings);
        enc
    });
    NoteRecord { id, line: None, encounter }
}

/// Decodes the first text attachment of a DocumentReference.
fn note_text(doc: &Value, who: &str) -> Result<String, ReadError> {
    let attachments: Vec<&Value> = array(doc, "content").filter_map(|c| c.get("attachment")).collect();
    if attachments.is_empty() {
        return Err(ReadError::new("missing_note", format!("{who}: no content attachment holds the note")));
    }
    let kind = |a: &Value| {
        text_of(a, "contentType").map(|t| t.split(';').next().unwrap_or("").trim().to_ascii_lowercase()).unwrap_or_else(|| "text/plain".into())
    };
    let Some((n, att)) = attachments.iter().enumerate().find(|(_, a)| matches!(kind(a).as_str(), "text/plain" | "text/html" | "text/rtf" | "application/rtf")) else {
        let found: Vec<String> = attachments.iter().map(|a| kind(a)).collect();
        return Err(ReadError::new(
            "unsupported_attachment",
            format!("{who}: no text/plain, text/html or text/rtf attachment (found {})", found.join(", ")),
        ));
    };
    let Some(data) = att.get("data").and_then(Value::as_str) else {
        let why = if att.get("url").is_some() { "only a url (modcite reads inline data, it does not fetch)" } else { "no data" };
        return Err(ReadError::new("missing_note", format!("{who}: content[{n}].attachment has {why}")));
    };
    let compact: Vec<u8> = data.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new().with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    let bytes = engine
        .decode(&compact)
        .map_err(|_| ReadError::new("invalid_base64", format!("{who}: content[{n}].attachment.data is not valid base64")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        ReadError::new("invalid_utf8", format!("{who}: content[{n}].attachment.data is not UTF-8 (byte {})", e.utf8_error().valid_up_to()))
    })?;
    Ok(match kind(att).as_str() {
        "text/html" => super::text::html_to_text(&text),
        "text/rtf" | "application/rtf" => super::text::rtf_to_text(&text),
        _ => text,
    })
}

/// What a note's resource says about where it belongs.
struct NoteContext {
    /// The patient's reference key.
    patient: Option<String>,
    /// The encounter's reference key.
    enc_key: Option<String>,
    /// The encounter's Procedures (index positions).
    linked: Vec<usize>,
    /// The date of service.
    dos: Option<String>,
}

/// One note's mapping over the index.
struct Mapping<'a> {
    index: &'a Index,
    doc: &'a Value,
}

impl<'a> Mapping<'a> {
    fn fill(&self, enc: &mut Encounter, ctx: &mut Ctx) {
        let note = self.note_context(ctx);
        let (mut lines, history, performer) = self.procedures(&note, ctx);
        enc.date_of_service = note.dos.clone();
        enc.provider = array(self.doc, "author").find_map(|a| self.provider(a, None, ctx)).or(performer);
        let payer = self.claims(&mut lines, &note, ctx);
        enc.payer = payer.or_else(|| self.coverage_payer(note.patient.as_deref(), ctx));
        enc.procedures = (!lines.is_empty()).then_some(lines);
        enc.history = (!history.is_empty()).then_some(history);
    }

    /// The note's patient, encounter, that encounter's procedures and the date of service.
    fn note_context(&self, ctx: &mut Ctx) -> NoteContext {
        let index = self.index;
        let context = self.doc.get("context");
        let enc_ref = context.and_then(|c| c.get("encounter")).and_then(|e| e.as_array().map_or(Some(e), |a| a.first()));
        let enc_key = index.ref_key(enc_ref);
        let encounter = enc_ref.and_then(|r| index.resolve(Some(r), &["Encounter"], ctx));
        let linked: Vec<usize> = enc_key.as_ref().and_then(|k| index.procedures_by_encounter.get(k)).cloned().unwrap_or_default();
        let start = |v: Option<&Value>| date_of(v.and_then(|v| v.get("period")).and_then(|p| text_of(p, "start")));
        let dos = start(context)
            .or_else(|| start(encounter))
            .or_else(|| linked.iter().find_map(|i| performed(&index.resources[*i])));
        if dos.is_none() {
            ctx.warn("no date of service (context.period, the Encounter's period and its procedures give none)".into());
        }
        NoteContext { patient: index.ref_key(self.doc.get("subject")), enc_key, linked, dos }
    }

    /// The CPT/HCPCS Procedures of the note's encounter or date (its lines)
    /// and the same patient's earlier ones (history), in index order, with
    /// the first line's performer.
    fn procedures(&self, note: &NoteContext, ctx: &mut Ctx) -> (Vec<ProcedureLine>, Vec<HistoryItem>, Option<Provider>) {
        let index = self.index;
        let mut candidates = note.linked.clone();
        if let Some(p) = &note.patient {
            candidates.extend(index.procedures_by_patient.get(p).into_iter().flatten());
        }
        candidates.sort_unstable();
        candidates.dedup();
        let (mut lines, mut history, mut performer) = (Vec::new(), Vec::new(), None);
        for i in candidates {
            let p = &index.resources[i];
            if matches!(text_of(p, "status"), Some("entered-in-error" | "not-done")) {
                continue;
            }
            let Some(code) = p.get("code").and_then(|c| codes_in(c, CPT_SYSTEMS).next()) else { continue };
            let date = performed(p);
            let same_patient = note.patient.is_some() && index.ref_key(p.get("subject")) == note.patient;
            if note.linked.contains(&i) || (same_patient && date.is_some() && date == note.dos) {
                if performer.is_none() {
                    performer = self.performer(p, ctx);
                }
                lines.push(ProcedureLine { code: Some(code), laterality: laterality(p), diagnoses: self.diagnoses(p, ctx), billed_modifiers: None });
            } else if same_patient && matches!((&date, &note.dos), (Some(d), Some(s)) if d < s) {
                let provider = self.performer(p, ctx);
                history.push(HistoryItem { code: Some(code), date, laterality: laterality(p), diagnoses: self.diagnoses(p, ctx), provider, global_days: None });
            }
        }
        (lines, history, performer)
    }

    /// A Procedure's first performer (with its `onBehalfOf` organization).
    fn performer(&self, p: &Value, ctx: &mut Ctx) -> Option<Provider> {
        array(p, "performer").find_map(|perf| self.provider(perf.get("actor")?, perf.get("onBehalfOf"), ctx))
    }

    /// A Practitioner or PractitionerRole reference as a provider: the NPI
    /// (else `Practitioner/ID`), the role's organization as group, its
    /// specialty; `on_behalf_of` gives the group when the role does not.
    fn provider(&self, reference: &Value, on_behalf_of: Option<&Value>, ctx: &mut Ctx) -> Option<Provider> {
        let index = self.index;
        let target = index.resolve(Some(reference), &["Practitioner", "PractitionerRole", "Organization", "Patient", "Device", "RelatedPerson"], ctx)?;
        let (practitioner, role) = match text_of(target, "resourceType") {
            Some("Practitioner") => {
                let role = key_of(target).and_then(|k| index.roles_by_practitioner.get(&k)).map(|i| &index.resources[*i]);
                (Some(target), role)
            }
            Some("PractitionerRole") => (index.resolve(target.get("practitioner"), &["Practitioner"], ctx), Some(target)),
            _ => return None,
        };
        let id = practitioner.and_then(|p| {
            array(p, "identifier")
                .find(|i| text_of(i, "system") == Some(NPI))
                .and_then(|i| text_of(i, "value"))
                .map(str::to_string)
                .or_else(|| key_of(p))
        });
        let org = role.and_then(|r| r.get("organization")).or(on_behalf_of);
        let group = org.and_then(|o| index.resolve(Some(o), &["Organization"], ctx)).and_then(|o| text_of(o, "name").map(str::to_string).or_else(|| key_of(o)));
        let specialty = role.and_then(|r| array(r, "specialty").find_map(concept_label));
        Some(Provider { id, group, specialty })
    }

    /// ICD-10-CM codes of `reasonCode` and of `reasonReference` Conditions.
    fn diagnoses(&self, p: &Value, ctx: &mut Ctx) -> Vec<String> {
        let mut out: Vec<String> = array(p, "reasonCode").flat_map(|c| codes_in(c, ICD10_SYSTEMS)).collect();
        for r in array(p, "reasonReference") {
            if let Some(cond) = self.index.resolve(Some(r), &["Condition"], ctx) {
                out.extend(cond.get("code").into_iter().flat_map(|c| codes_in(c, ICD10_SYSTEMS)));
            }
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|c| seen.insert(c.clone()));
        out
    }

    /// Claim items on this note's date or encounter give the lines' billed
    /// modifiers (a billed code without a Procedure becomes a line); the
    /// first such claim's coverage gives the payer.
    fn claims(&self, lines: &mut Vec<ProcedureLine>, note: &NoteContext, ctx: &mut Ctx) -> Option<String> {
        let index = self.index;
        let (patient, enc_key, dos) = (note.patient.as_deref(), note.enc_key.as_deref(), note.dos.as_deref());
        let mut payer = None;
        for &c in &index.claims {
            let claim = &index.resources[c];
            if text_of(claim, "status") == Some("entered-in-error") {
                continue;
            }
            let claim_patient = index.ref_key(claim.get("patient"));
            if claim_patient.is_some() && claim_patient.as_deref() != patient {
                continue;
            }
            let on_dos = |item: &Value| {
                let served = date_of(text_of(item, "servicedDate")).or_else(|| date_of(item.get("servicedPeriod").and_then(|p| text_of(p, "start"))));
                let enc_match = enc_key.is_some() && array(item, "encounter").any(|e| index.ref_key(Some(e)).as_deref() == enc_key);
                enc_match || (served.is_some() && served.as_deref() == dos)
            };
            let billable = date_of(claim.get("billablePeriod").and_then(|p| text_of(p, "start")));
            let items: Vec<&Value> = array(claim, "item").collect();
            if !(items.iter().any(|i| on_dos(i)) || (billable.is_some() && billable.as_deref() == dos)) {
                continue;
            }
            for item in items {
                let Some(code) = item.get("productOrService").and_then(|c| codes_in(c, CPT_SYSTEMS).next()) else { continue };
                let modifiers: Vec<String> = array(item, "modifier").filter_map(|m| array(m, "coding").find_map(|c| text_of(c, "code").map(str::to_string))).collect();
                match lines.iter_mut().find(|l| l.code.as_deref() == Some(code.as_str()) && l.billed_modifiers.is_none()) {
                    Some(line) => line.billed_modifiers = Some(modifiers),
                    None => lines.push(ProcedureLine {
                        code: Some(code),
                        laterality: item.get("bodySite").and_then(|b| laterality_in(&concept_text(b))),
                        diagnoses: Vec::new(),
                        billed_modifiers: Some(modifiers),
                    }),
                }
            }
            if payer.is_none() {
                for ins in array(claim, "insurance") {
                    if let Some(cov) = index.resolve(ins.get("coverage"), &["Coverage"], ctx) {
                        payer = self.payor_name(cov, ctx);
                        if payer.is_some() {
                            break;
                        }
                    }
                }
            }
        }
        payer
    }

    /// Without a claim: the patient's first active Coverage names the payer.
    fn coverage_payer(&self, patient: Option<&str>, ctx: &mut Ctx) -> Option<String> {
        let covs = self.index.coverages_by_patient.get(patient?)?;
        covs.iter()
            .map(|i| &self.index.resources[*i])
            .filter(|c| text_of(c, "status").is_none_or(|s| s == "active"))
            .find_map(|c| self.payor_name(c, ctx))
    }

    /// A Coverage's payor: `medicare` or `medicaid` when its name says so,
    /// else the name as given.
    fn payor_name(&self, coverage: &Value, ctx: &mut Ctx) -> Option<String> {
        let payor = array(coverage, "payor").next()?;
        let name = text_of(payor, "display").map(str::to_string).or_else(|| {
            let org = self.index.resolve(Some(payor), &["Organization", "Patient", "RelatedPerson"], ctx)?;
            text_of(org, "name").map(str::to_string)
        })?;
        let lower = name.to_lowercase();
        Some(if lower.contains("medicare") {
            "medicare".into()
        } else if lower.contains("medicaid") {
            "medicaid".into()
        } else {
            name
        })
    }
}

/// A Procedure's date: `performedDateTime` or `performedPeriod.start`.
fn performed(p: &Value) -> Option<String> {
    date_of(text_of(p, "performedDateTime")).or_else(|| date_of(p.get("performedPeriod").and_then(|x| text_of(x, "start"))))
}

/// Side from `bodySite` (SNOMED laterality codes, then words), else from the code's text.
fn laterality(p: &Value) -> Option<String> {
    for site in array(p, "bodySite") {
        if let Some(side) = codes_in(site, &[SNOMED]).find_map(|c| lookup("laterality", &c)) {
            return Some(side.to_string());
        }
        if let Some(side) = laterality_in(&concept_text(site)) {
            return Some(side);
        }
    }
    p.get("code").and_then(|c| laterality_in(&concept_text(c)))
}

/// Reads a parsed Bundle: every note DocumentReference in entry order.
/// `None` when the value is not a Bundle.
pub fn read_bundle(bundle: Value) -> Option<Result<Vec<NoteRecord>, ReadError>> {
    if text_of(&bundle, "resourceType") != Some("Bundle") {
        return None;
    }
    let mut index = Index::default();
    let Value::Object(mut obj) = bundle else { return None };
    let entries = match obj.remove("entry") {
        Some(Value::Array(e)) => e,
        _ => Vec::new(),
    };
    let count = entries.len();
    for entry in entries {
        let Value::Object(mut entry) = entry else { continue };
        let url = entry.get("fullUrl").and_then(Value::as_str).map(str::to_string);
        if let Some(resource) = entry.remove("resource") {
            index.add(url.as_deref(), resource);
        }
    }
    index.finish();
    let records: Vec<NoteRecord> = index.note_documents().map(|d| convert(&index, d)).collect();
    if records.is_empty() {
        return Some(Err(ReadError::new(
            "missing_note",
            format!(
                "the Bundle ({count} entries, {} DocumentReference) has no operative or procedure note DocumentReference",
                index.document_count()
            ),
        )));
    }
    Some(Ok(records))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(s)
    }

    fn doc(id: &str, data: Value) -> Value {
        json!({"fullUrl": format!("urn:uuid:{id}"), "resource": {"resourceType": "DocumentReference", "id": id,
            "type": {"coding": [{"system": LOINC, "code": "11504-8"}]}, "subject": {"reference": "Patient/p1"},
            "context": {"encounter": [{"reference": "Encounter/e1"}]},
            "content": [{"attachment": data}]}})
    }

    fn bundle(entries: Vec<Value>) -> Value {
        json!({"resourceType": "Bundle", "type": "collection", "entry": entries})
    }

    #[test]
    fn bad_base64_and_missing_attachment_name_the_resource() {
        let b = bundle(vec![
            doc("bad", json!({"contentType": "text/plain", "data": "!!not base64!!"})),
            doc("pdf", json!({"contentType": "application/pdf", "data": b64("%PDF")})),
            doc("url", json!({"contentType": "text/plain", "url": "https://example.org/n"})),
            doc("ok", json!({"contentType": "text/plain; charset=utf-8", "data": b64("OPERATIVE NOTE")})),
        ]);
        let recs = read_bundle(b).unwrap().unwrap();
        let kinds: Vec<_> = recs.iter().map(|r| r.encounter.as_ref().map(|_| "ok").unwrap_or_else(|e| e.kind)).collect();
        assert_eq!(kinds, ["invalid_base64", "unsupported_attachment", "missing_note", "ok"]);
        let e = recs[0].encounter.as_ref().unwrap_err();
        assert!(e.message.contains("DocumentReference/bad") && !e.message.contains("not base64!!"), "{e}");
        assert!(recs[1].encounter.as_ref().unwrap_err().message.contains("application/pdf"));
        let ok = recs[3].encounter.as_ref().unwrap();
        assert_eq!(ok.note.as_deref(), Some("OPERATIVE NOTE"));
        assert!(ok.input_warnings.iter().any(|w| w.contains("Encounter/e1") && w.contains("not in the bundle")), "{:?}", ok.input_warnings);
    }

    #[test]
    fn reference_cycles_end() {
        let mut entries = vec![doc("n1", json!({"data": b64("note")}))];
        entries[0]["resource"]["author"] = json!([{"reference": "PractitionerRole/r1"}]);
        entries.push(json!({"resource": {"resourceType": "Encounter", "id": "e1", "partOf": {"reference": "Encounter/e1"},
            "period": {"start": "2026-01-20T08:00:00Z"}}}));
        entries.push(json!({"resource": {"resourceType": "PractitionerRole", "id": "r1", "practitioner": {"reference": "PractitionerRole/r1"},
            "organization": {"reference": "Organization/o1"}}}));
        entries.push(json!({"resource": {"resourceType": "Organization", "id": "o1", "name": "Harbor", "partOf": {"reference": "Organization/o1"}}}));
        entries.push(json!({"resource": {"resourceType": "Procedure", "id": "p1", "subject": {"reference": "Patient/p1"},
            "encounter": {"reference": "Encounter/e1"}, "performer": [{"actor": {"reference": "PractitionerRole/r1"}}],
            "code": {"coding": [{"system": CPT_SYSTEMS[0], "code": "27310"}], "text": "Arthrotomy, left knee"},
            "reasonReference": [{"reference": "Procedure/p1"}]}}));
        let recs = read_bundle(bundle(entries)).unwrap().unwrap();
        let enc = recs[0].encounter.as_ref().unwrap();
        assert_eq!(enc.date_of_service.as_deref(), Some("2026-01-20"));
        let line = &enc.procedures.as_ref().unwrap()[0];
        assert_eq!((line.code.as_deref(), line.laterality.as_deref()), (Some("27310"), Some("left")));
        assert_eq!(enc.provider.as_ref().unwrap().group.as_deref(), Some("Harbor"));
        assert!(enc.input_warnings.iter().any(|w| w.contains("`PractitionerRole/r1` is not a Practitioner")), "{:?}", enc.input_warnings);
        assert!(enc.input_warnings.iter().any(|w| w.contains("`Procedure/p1` is not a Condition")));
    }

    #[test]
    fn non_notes_are_left_out_and_a_bundle_without_notes_is_an_error() {
        let mut summary = doc("ds", json!({"data": b64("DISCHARGE SUMMARY")}));
        summary["resource"]["type"] = json!({"coding": [{"system": LOINC, "code": "18842-5"}]});
        let e = read_bundle(bundle(vec![summary])).unwrap().unwrap_err();
        assert_eq!(e.kind, "missing_note");
        assert!(read_bundle(json!({"resourceType": "Patient"})).is_none());
    }

    #[test]
    fn references_resolve_by_full_url_and_type_id() {
        let mut index = Index::default();
        index.add(Some("urn:uuid:abc"), json!({"resourceType": "Practitioner", "id": "x"}));
        index.finish();
        assert!(index.find("urn:uuid:abc").is_some());
        assert!(index.find("Practitioner/x").is_some());
        assert!(index.find("https://ehr.example/fhir/Practitioner/x/_history/3").is_some());
        assert!(index.find("Practitioner/y").is_none());
    }
}
