//! The `modcite` command line: argument parsing, file I/O and exit codes.
//! Everything else lives in the library.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;


use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use modcite::analyze::{Analyzer, Options};
use modcite::encounter::{Encounter, GlobalDaysValue, HistoryItem, ProcedureLine, Provider};
use modcite::lexicon::Lexicon;
use modcite::{batch, eval, output};

/// Suggest CPT modifiers (58, 78, 79, 59, XE/XS/XP/XU, 76/77) from procedure
/// notes, with ranked suggestions backed by exact evidence spans.
///
/// Nothing leaves the machine: modcite reads files and writes to stdout.
#[derive(Parser)]
#[command(name = "modcite", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Suggest modifiers for one note or encounter.
    Suggest(SuggestArgs),
    /// Analyze many encounters: JSON Lines, CSV exports, folders of .txt notes, or stdin.
    Batch(BatchArgs),
    /// Compare billed modifiers with the documentation; exit 1 on findings at --fail-on.
    Audit(AuditArgs),
    /// Score the analyzer against an annotated corpus (a .jsonl file or a folder).
    Eval(EvalArgs),
    /// Check or list lexicons.
    #[command(subcommand)]
    Lexicon(LexiconCommand),
    /// Serve a local paste-and-see page and `POST /api/suggest` (loopback only unless --bind).
    Serve(ServeArgs),
    /// Print shell completions.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff): modcite(1), or one subcommand's page.
    Man {
        /// A subcommand, for its own page (`suggest`, `lexicon check`, ...).
        #[arg(value_name = "SUBCOMMAND")]
        command: Vec<String>,
        /// Write every page (modcite.1 and modcite-*.1) into this folder instead.
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        dir: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Args)]
struct ServeArgs {
    /// Port to listen on (0 picks a free port).
    #[arg(long, default_value_t = 8617)]
    port: u16,
    /// Address to bind; loopback (127.0.0.1) unless given explicitly. Any other
    /// address needs --tokens and TLS (--tls-cert/--tls-key, or --insecure-http).
    #[arg(long, value_name = "ADDR")]
    bind: Option<std::net::IpAddr>,
    /// Bearer tokens, one per line (`sha256:HEX` lines hold a token's digest);
    /// required on every API request. MODCITE_TOKENS (comma separated) also works.
    #[arg(long, value_name = "FILE")]
    tokens: Option<PathBuf>,
    /// TLS certificate chain (PEM), with --tls-key.
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// TLS private key (PEM), with --tls-cert.
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Serve plain HTTP off loopback, for a deployment behind a TLS-terminating proxy.
    #[arg(long, conflicts_with = "tls_cert")]
    insecure_http: bool,
    /// A host name clients use to reach the server (repeatable); other names are
    /// refused (421), which stops DNS rebinding. IP addresses always work, and
    /// localhost on loopback.
    #[arg(long = "allow-host", value_name = "NAME")]
    allowed_hosts: Vec<String>,
    /// Requests per minute per client (token, or address without one); 0 turns the limit off.
    #[arg(long, value_name = "N", default_value_t = 600)]
    rate_limit: u32,
    /// Analyses run at once; further requests wait their turn [default: number of cores].
    #[arg(long, value_name = "N")]
    max_concurrent: Option<usize>,
    /// Largest request body accepted, in bytes (larger gets 413).
    #[arg(long, default_value_t = 4 * 1024 * 1024)]
    max_body: usize,
    /// Do not log requests.
    #[arg(long, short = 'q')]
    quiet: bool,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Args, Clone)]
struct DataArgs {
    /// Extra lexicon file or folder layered over the built-in lexicons (repeatable).
    #[arg(long = "lexicon", value_name = "PATH")]
    lexicons: Vec<PathBuf>,
    /// CMS Physician Fee Schedule RVU file (PPRRVU CSV); its GLOB DAYS win over built-in global days.
    #[arg(long, value_name = "FILE")]
    fee_schedule: Option<PathBuf>,
    /// CMS NCCI practitioner PTP edit file (tab-delimited or CSV); replaces the built-in pairs.
    #[arg(long, value_name = "FILE")]
    ncci: Option<PathBuf>,
}

impl DataArgs {
    fn analyzer(&self) -> Result<Analyzer> {
        self.analyzer_tuned(modcite::analyze::Tuning::ManyNotes)
    }

    fn analyzer_tuned(&self, tuning: modcite::analyze::Tuning) -> Result<Analyzer> {
        let files = modcite::analyze::DataFiles {
            lexicons: self.lexicons.clone(),
            fee_schedule: self.fee_schedule.clone(),
            ncci: self.ncci.clone(),
        };
        let loaded = files.load(tuning)?;
        if let (Some(n), Some(p)) = (loaded.fee_schedule_entries, &self.fee_schedule) {
            eprintln!("modcite: loaded {n} global periods from {}", p.display());
        }
        if let (Some(n), Some(p)) = (loaded.ncci_edits, &self.ncci) {
            eprintln!("modcite: loaded {n} NCCI edits from {}", p.display());
        }
        Ok(loaded.analyzer)
    }
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// Readable text.
    Human,
    /// The JSON result of records.md.
    Json,
}

#[derive(Args)]
struct SuggestArgs {
    /// A plain-text note, an encounter JSON file, a FHIR R4 Bundle or HL7 v2
    /// messages; `-` or nothing reads stdin. `.txt` files are notes; text
    /// opening with `MSH` is HL7 v2, a JSON object with `"resourceType":
    /// "Bundle"` a Bundle (one result per note); `.json`/`.jsonl` files and
    /// text that opens like a JSON object (`{"...` or `{}`) are encounters.
    #[arg(value_name = "FILE")]
    input: Option<PathBuf>,
    /// Date of service (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    dos: Option<String>,
    /// A procedure line: CPT[:LATERALITY] (repeatable).
    #[arg(long = "code", value_name = "CPT[:LAT]")]
    codes: Vec<String>,
    /// An earlier procedure: CPT:DATE[:GLOBAL_DAYS][:LAT] (repeatable).
    #[arg(long = "prior", value_name = "CPT:DATE[:GLOBAL][:LAT]")]
    priors: Vec<String>,
    /// Provider id of this encounter (priors given with --prior are taken as the same provider).
    #[arg(long)]
    provider: Option<String>,
    /// Payer: medicare, medicaid, commercial or a payer name.
    #[arg(long)]
    payer: Option<String>,
    /// Setting: operating_room, procedure_room, office, bedside, asc, hopd, other
    /// (long forms such as hospital_outpatient are read as hopd).
    #[arg(long)]
    setting: Option<String>,
    /// Output format (human on a terminal, json otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Also list every phrase considered, with its assertion, and zero-score suggestions.
    #[arg(long)]
    explain: bool,
    /// Colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum InputFormat {
    /// By extension: .csv/.tsv CSV, .txt or a folder text notes, otherwise JSON Lines.
    Auto,
    /// One encounter JSON per line.
    Jsonl,
    /// A CSV export with a header row.
    Csv,
    /// Plain-text notes (a folder is searched for .txt files; same-stem .json sidecars give context).
    Txt,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutFormat {
    /// JSON Lines: one result per input record.
    Jsonl,
    /// CSV: one row per suggestion (batch) or finding (audit).
    Csv,
    /// One JSON array.
    Json,
}

#[derive(Args, Clone)]
struct InputArgs {
    /// Input files or folders; `-` (the default) reads stdin.
    #[arg(value_name = "PATH", default_value = "-")]
    paths: Vec<PathBuf>,
    /// How to read the inputs.
    #[arg(long, value_enum, default_value = "auto")]
    input_format: InputFormat,
    /// CSV column holding the record id.
    #[arg(long, default_value = "id")]
    id_column: String,
    /// CSV column holding the note text.
    #[arg(long, default_value = "note")]
    note_column: String,
    /// CSV column holding the date of service.
    #[arg(long, default_value = "date_of_service")]
    dos_column: String,
    /// CSV column holding procedure codes (CPT[:LAT], separated by `;`, `,` or spaces).
    #[arg(long, default_value = "codes")]
    code_column: String,
    /// Worker threads (default: all cores). Output is identical at any value.
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Records per chunk handed to a worker (a few chunks per worker are in
    /// memory at once).
    #[arg(long, default_value_t = 64, hide = true)]
    chunk: usize,
    /// Write output to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// No progress bar and no summary on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Args)]
struct BatchArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: OutFormat,
    /// Go on with an interrupted run: check the records already in the
    /// --output file against the input (ids and lines, in order), cut a torn
    /// last line, and append the results of the remaining records. The output
    /// ends identical to an uninterrupted run's. JSON Lines only.
    #[arg(long, requires = "output")]
    resume: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum FailOn {
    /// Exit 1 when any error finding exists.
    Error,
    /// Exit 1 when any error or warning finding exists.
    Warning,
    /// Always exit 0 once the run completes.
    Never,
}

#[derive(Args)]
struct AuditArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format of the findings.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: OutFormat,
    /// Lowest finding severity that makes the exit code 1.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Also write a self-contained HTML report of the flagged encounters.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
}

#[derive(Args)]
struct EvalArgs {
    /// A corpus .jsonl file or a folder of them.
    #[arg(value_name = "PATH", default_value = "corpus")]
    path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Exit non-zero when line accuracy is below this fraction (0..1).
    #[arg(long, value_name = "FRACTION")]
    min_accuracy: Option<f64>,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Subcommand)]
enum LexiconCommand {
    /// Validate lexicon files (layered over the built-ins); errors are `file:line: message`, exit 2.
    Check {
        /// Lexicon files or folders; none checks the built-in lexicons.
        paths: Vec<PathBuf>,
    },
    /// Show trigger categories with entry and phrase counts.
    List {
        /// Extra lexicon files or folders.
        #[arg(long = "lexicon", value_name = "PATH")]
        lexicons: Vec<PathBuf>,
        /// Print every literal phrase the matcher searches for, one per line, instead.
        #[arg(long)]
        phrases: bool,
    },
}

fn main() -> ExitCode {
    // A panic's message may quote the note (a slice of its text): say only
    // where it happened, never what it held.
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("modcite: internal error{at}; the record it happened on is reported as an error");
    }));
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let broken_pipe = e
                .chain()
                .any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe));
            if broken_pipe {
                // The reader went away (e.g. `| head`): not an error.
                return ExitCode::SUCCESS;
            }
            eprintln!("modcite: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Suggest(a) => suggest(a),
        Command::Batch(a) => run_batch(&a.input, a.format, a.resume),
        Command::Audit(a) => run_audit(a),
        Command::Eval(a) => run_eval(a),
        Command::Lexicon(LexiconCommand::Check { paths }) => lexicon_check(&paths),
        Command::Lexicon(LexiconCommand::List { lexicons, phrases }) => lexicon_list(&lexicons, phrases),
        Command::Serve(a) => serve(a),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "modcite", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { command, dir } => man_pages(&command, dir.as_deref()),
    }
}

/// Renders modcite(1) or a subcommand's page to stdout, or every page into `dir`.
fn man_pages(path: &[String], dir: Option<&Path>) -> Result<ExitCode> {
    let mut root = <Cli as clap::CommandFactory>::command();
    // Building fills in the subcommands' display names (modcite-suggest).
    root.build();
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let mut stack = vec![root];
        while let Some(cmd) = stack.pop() {
            let name = cmd.get_display_name().unwrap_or(cmd.get_name()).to_string();
            let file = dir.join(format!("{name}.1"));
            let mut out = std::fs::File::create(&file).with_context(|| format!("creating {}", file.display()))?;
            clap_mangen::Man::new(cmd.clone()).render(&mut out).with_context(|| format!("writing {}", file.display()))?;
            stack.extend(cmd.get_subcommands().filter(|s| s.get_name() != "help").cloned());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut cmd = root;
    for name in path {
        cmd = match cmd.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => bail!("no subcommand {name:?} for a man page; `modcite man` lists them under SUBCOMMANDS"),
        };
    }
    clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
    Ok(ExitCode::SUCCESS)
}

fn read_input(path: Option<&Path>) -> Result<String> {
    match path {
        None => read_stdin(),
        Some(p) if p == Path::new("-") => read_stdin(),
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            String::from_utf8(bytes).map_err(|e| anyhow::anyhow!("{}: not UTF-8 text (byte {})", p.display(), e.utf8_error().valid_up_to()))
        }
    }
}

fn read_stdin() -> Result<String> {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).context("reading stdin")?;
    Ok(s)
}

/// Builds the encounter: a JSON encounter file, or a plain-text note, with flags layered on.
fn build_encounter(a: &SuggestArgs, text: String, name: Option<&Path>) -> Result<Encounter> {
    // A byte-order mark before a JSON encounter is not part of it.
    let json_text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let looks_json = match name.and_then(|p| p.extension()).and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("json") || ext.eq_ignore_ascii_case("jsonl") => true,
        Some(ext) if ext.eq_ignore_ascii_case("txt") => false,
        _ => modcite::encounter::looks_like_json_object(json_text),
    };
    let enc = if looks_json {
        Encounter::from_json(json_text).map_err(|e| anyhow::anyhow!("{}: {e}", name.map(|p| p.display().to_string()).unwrap_or_else(|| "stdin".into())))?
    } else {
        Encounter::from_note(text)
    };
    with_flags(a, enc)
}

/// Layers the command-line context (--dos, --code, --prior, ...) over an encounter.
fn with_flags(a: &SuggestArgs, mut enc: Encounter) -> Result<Encounter> {
    if let Some(d) = &a.dos {
        enc.date_of_service = Some(d.clone());
    }
    if let Some(p) = &a.payer {
        enc.payer = Some(p.clone());
    }
    if let Some(s) = &a.setting {
        enc.setting = Some(s.clone());
    }
    if let Some(p) = &a.provider {
        enc.provider = Some(Provider { id: Some(p.clone()), group: None, specialty: None });
    }
    if !a.codes.is_empty() {
        let mut lines = Vec::new();
        for c in &a.codes {
            let mut parts = c.split(':');
            let code = parts.next().unwrap_or("").trim().to_string();
            if code.is_empty() {
                bail!("--code {c:?}: expected CPT[:LATERALITY]");
            }
            lines.push(ProcedureLine { code: Some(code), laterality: parts.next().map(str::to_string), ..Default::default() });
        }
        enc.procedures = Some(lines);
    }
    if !a.priors.is_empty() {
        let mut hist = Vec::new();
        for p in &a.priors {
            hist.push(parse_prior(p, enc.provider.clone())?);
        }
        enc.history = Some(hist);
    }
    Ok(enc)
}

fn parse_prior(s: &str, provider: Option<Provider>) -> Result<HistoryItem> {
    let parts: Vec<&str> = s.split(':').map(str::trim).collect();
    if parts.len() < 2 || parts[0].is_empty() || parts[1].is_empty() {
        bail!("--prior {s:?}: expected CPT:DATE[:GLOBAL_DAYS][:LATERALITY]");
    }
    let mut item = HistoryItem {
        code: Some(parts[0].to_string()),
        date: Some(parts[1].to_string()),
        provider,
        ..Default::default()
    };
    for extra in &parts[2..] {
        if extra.is_empty() {
            continue;
        }
        let upper = extra.to_ascii_uppercase();
        if let Ok(n) = extra.parse::<i64>() {
            item.global_days = Some(GlobalDaysValue::Number(n));
        } else if matches!(upper.as_str(), "XXX" | "ZZZ" | "YYY" | "MMM") {
            item.global_days = Some(GlobalDaysValue::Text(upper));
        } else {
            item.laterality = Some(extra.to_string());
        }
    }
    Ok(item)
}

fn suggest(a: SuggestArgs) -> Result<ExitCode> {
    let analyzer = a.data.analyzer_tuned(modcite::analyze::Tuning::OneNote)?;
    let text = read_input(a.input.as_deref())?;
    let terminal = std::io::stdout().is_terminal();
    let format = a.format.unwrap_or(if terminal { Format::Human } else { Format::Json });
    let color = match a.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let render = |enc: Encounter, several: bool| -> Result<String> {
        let note = enc.note.clone().unwrap_or_default();
        let result = analyzer.analyze(enc, Options { explain: a.explain }).map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(match format {
            Format::Human => output::render_human(&result, &note, output::HumanOptions { all: a.explain, color }),
            Format::Json if several => output::to_json_line(&result) + "\n",
            Format::Json => output::to_json_pretty(&result) + "\n",
        })
    };
    let is_txt = a.input.as_deref().and_then(|p| p.extension()).is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    let foreign = if is_txt { None } else { modcite::interop::read(&text) };
    let code = match foreign {
        None => {
            let enc = build_encounter(&a, text, a.input.as_deref())?;
            std::io::stdout().write_all(render(enc, false)?.as_bytes())?;
            ExitCode::SUCCESS
        }
        Some(records) => suggest_notes(&a, records, format, &render)?,
    };
    // The process ends here: freeing the lexicon and its automata piece by
    // piece would only delay the exit.
    std::mem::forget(analyzer);
    Ok(code)
}

/// `suggest` on a FHIR Bundle or HL7 v2 file: one note prints exactly as a
/// plain note would; several print one result each, in input order (JSON:
/// one compact result per line; a note that cannot be read gives an error
/// line in its place and exit code 2).
fn suggest_notes(
    a: &SuggestArgs,
    records: Vec<modcite::interop::NoteRecord>,
    format: Format,
    render: &dyn Fn(Encounter, bool) -> Result<String>,
) -> Result<ExitCode> {
    let name = a.input.as_deref().map(|p| p.display().to_string()).unwrap_or_else(|| "stdin".into());
    let several = records.len() > 1;
    let mut failed = 0;
    let mut out = std::io::stdout().lock();
    for r in records {
        let analyzed = r.encounter.map_err(|e| (e.kind, e.message)).and_then(|enc| {
            let enc = with_flags(a, enc).map_err(|e| ("invalid_flag", format!("{e:#}")))?;
            render(enc, several).map_err(|e| ("invalid_input", format!("{e:#}")))
        });
        match analyzed {
            // Each human block opens with its encounter id; a blank line parts them.
            Ok(text) if several && format == Format::Human => write!(out, "{text}\n")?,
            Ok(text) => out.write_all(text.as_bytes())?,
            Err((_, message)) if !several => bail!("{name}: {message}"),
            Err((kind, message)) => {
                failed += 1;
                eprintln!("modcite: {name}: note {}: {message}", r.id);
                if format == Format::Json {
                    writeln!(out, "{}", output::error_line(Some(&r.id), r.line, kind, &message))?;
                }
            }
        }
    }
    Ok(if failed > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

fn run_eval(a: EvalArgs) -> Result<ExitCode> {
    let analyzer = a.data.analyzer()?;
    let files = eval::corpus_files(&a.path)?;
    let report = eval::evaluate(&analyzer, &files)?;
    let out = match a.format {
        Format::Human => eval::render_human(&report),
        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    std::io::stdout().write_all(out.as_bytes())?;
    if let Some(min) = a.min_accuracy {
        if report.line_accuracy < min {
            eprintln!("modcite: line accuracy {:.3} is below the floor {min:.3}", report.line_accuracy);
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn lexicon_check(paths: &[PathBuf]) -> Result<ExitCode> {
    for p in paths {
        if !p.exists() {
            bail!("{}: no such file or folder", p.display());
        }
    }
    match Lexicon::load(paths) {
        Ok(lex) => {
            println!(
                "ok: {} triggers, {} cues, {} sections, {} section rules, {} procedures, {} patterns, {} staged sequences",
                lex.triggers.len(),
                lex.cues.len(),
                lex.sections.len(),
                lex.section_rules.len(),
                lex.procedures.len(),
                lex.patterns.len(),
                lex.staged_sequences.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            for issue in &e.issues {
                eprintln!("{}:{}: {}", issue.file, issue.line, issue.message);
            }
            eprintln!("modcite: {} lexicon error(s)", e.issues.len());
            Ok(ExitCode::from(2))
        }
    }
}

fn lexicon_list(paths: &[PathBuf], phrases: bool) -> Result<ExitCode> {
    let lex = Lexicon::load(paths).map_err(|e| anyhow::anyhow!("{e}"))?;
    if phrases {
        let mut all: Vec<&str> = Vec::new();
        all.extend(lex.triggers.iter().flat_map(|t| t.phrases.iter()));
        all.extend(lex.cues.iter().flat_map(|t| t.phrases.iter()));
        all.extend(lex.pseudos.iter().flat_map(|t| t.phrases.iter()));
        all.extend(lex.terminators.iter().flat_map(|t| t.phrases.iter()));
        all.extend(lex.procedures.iter().flat_map(|t| t.phrases.iter()));
        all.sort_unstable();
        all.dedup();
        let mut out = std::io::BufWriter::new(std::io::stdout());
        for p in all {
            writeln!(out, "{p}")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    println!("{:<30} {:>7} {:>8}", "category", "entries", "phrases");
    for (cat, (entries, phrases)) in lex.category_counts() {
        println!("{:<30} {:>7} {:>8}", cat.as_str(), entries, phrases);
    }
    println!(
        "\ncues: {}  pseudo-triggers: {}  terminators: {}  sections: {}  section rules: {}  procedures: {}  patterns: {}",
        lex.cues.len(),
        lex.pseudos.len(),
        lex.terminators.len(),
        lex.sections.len(),
        lex.section_rules.len(),
        lex.procedures.len(),
        lex.patterns.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn sources(input: &InputArgs) -> Result<Vec<Box<dyn batch::RecordSource>>> {
    let columns = batch::CsvColumns {
        id: input.id_column.clone(),
        note: input.note_column.clone(),
        dos: input.dos_column.clone(),
        codes: input.code_column.clone(),
    };
    let mut prefix = input.paths.len() > 1;
    let mut out = Vec::new();
    for p in &input.paths {
        if p != Path::new("-") && !p.exists() {
            bail!("{}: no such file or folder", p.display());
        }
        if p.is_dir() && input.input_format == InputFormat::Auto && batch::guess_kind(p) != batch::InputKind::FhirExport {
            let files = batch::expand_folder(p).with_context(|| format!("listing {}", p.display()))?;
            let has_text = files.iter().any(|(_, k)| *k == batch::InputKind::Text);
            if has_text && files.iter().all(|(_, k)| *k == batch::InputKind::Text) {
                out.push(batch::open_source(p, batch::InputKind::Text, &columns, prefix)?);
                continue;
            }
            prefix |= files.len() > 1;
            for (f, kind) in files {
                out.push(batch::open_source(&f, kind, &columns, prefix)?);
            }
            continue;
        }
        if p.is_dir() && matches!(input.input_format, InputFormat::Jsonl | InputFormat::Csv) {
            bail!(
                "{}: a folder; --input-format jsonl/csv applies to files and stdin (without it a folder's .jsonl, .csv and .txt files are read by their extension)",
                p.display()
            );
        }
        let kind = match input.input_format {
            InputFormat::Auto => {
                if p == Path::new("-") {
                    batch::InputKind::JsonLines
                } else {
                    batch::guess_kind(p)
                }
            }
            InputFormat::Jsonl => batch::InputKind::JsonLines,
            InputFormat::Csv => batch::InputKind::Csv,
            InputFormat::Txt => batch::InputKind::Text,
        };
        out.push(batch::open_source(p, kind, &columns, prefix)?);
    }
    Ok(out)
}

fn total_bytes(paths: &[PathBuf]) -> Option<u64> {
    let mut total = 0;
    for p in paths {
        if p == Path::new("-") {
            return None;
        }
        total += dir_size(p);
    }
    Some(total)
}

fn dir_size(p: &Path) -> u64 {
    if p.is_dir() {
        std::fs::read_dir(p).map(|rd| rd.filter_map(|e| e.ok()).map(|e| dir_size(&e.path())).sum()).unwrap_or(0)
    } else {
        std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
    }
}

fn progress_bar(input: &InputArgs) -> Option<indicatif::ProgressBar> {
    if input.quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = match total_bytes(&input.paths) {
        Some(total) => {
            let b = indicatif::ProgressBar::new(total);
            b.set_style(
                indicatif::ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {percent}% {msg} ETA {eta}")
                    .expect("valid template"),
            );
            b
        }
        None => {
            let b = indicatif::ProgressBar::new_spinner();
            b.set_style(indicatif::ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}").expect("valid template"));
            b
        }
    };
    Some(bar)
}

fn output_writer(path: Option<&Path>) -> Result<Box<dyn Write + Send>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    })
}

/// Runs batch analysis; with `audit` set, writes findings instead of results
/// and feeds the HTML report. Returns the summary.
fn run_batch_core(
    input: &InputArgs,
    format: OutFormat,
    findings_only: bool,
    resume: bool,
    mut report: Option<modcite::report::HtmlReport<std::io::BufWriter<std::fs::File>>>,
) -> Result<output::Summary> {
    let analyzer = input.data.analyzer()?;
    let mut srcs = sources(input)?;
    let resumed = if resume { Some(resumed_output(input, format, &mut srcs)?) } else { None };
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(j) = input.jobs {
        pool = pool.num_threads(j.max(1));
    }
    let pool = pool.build().context("starting worker threads")?;
    let fmt = match format {
        OutFormat::Jsonl => output::BatchFormat::JsonLines,
        OutFormat::Csv => output::BatchFormat::Csv,
        OutFormat::Json => output::BatchFormat::JsonArray,
    };
    let (mut writer, skipped) = match resumed {
        Some((out, done)) => (output::ResultWriter::continuing(out, fmt, findings_only)?, Some(done)),
        None => (output::ResultWriter::new(output_writer(input.output.as_deref())?, fmt, findings_only)?, None),
    };
    if let (Some(done), false) = (skipped, input.quiet) {
        eprintln!("modcite: resuming after {} records already in the output (checked against the input)", done.records);
    }
    let mut summary = output::Summary::default();
    let bar = progress_bar(input);
    let started = std::time::Instant::now();
    let keep_note = report.is_some();
    let render = |o: &mut batch::Outcome| {
        o.rendered = Some(output::render(o, fmt, findings_only));
        if !keep_note {
            // Past rendering, the writer needs only the findings (for its
            // summary): the rest is freed here, on the worker that built it.
            if let Ok(r) = &mut o.result {
                r.procedures = Vec::new();
                r.considered = None;
            }
        }
    };
    batch::run(&analyzer, &mut srcs, &pool, input.chunk, keep_note, &render, |outcomes, bytes| {
        for o in &outcomes {
            summary.add(o);
            match &o.rendered {
                Some(r) => writer.write_rendered(r)?,
                None => writer.write(o)?,
            }
            if let Some(r) = report.as_mut() {
                r.add(o)?;
            }
        }
        writer.flush()?;
        if let Some(b) = &bar {
            b.set_position(bytes); // counts the input a resume skipped, too
            let rate = summary.records as f64 / started.elapsed().as_secs_f64().max(1e-9);
            b.set_message(format!("{} notes, {rate:.0} notes/s", summary.records));
        }
        Ok(())
    })
    .context("reading input")?;
    writer.finish().context("writing output")?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if let Some(r) = report {
        r.finish(&summary).context("writing the HTML report")?;
    }
    Ok(summary)
}

/// Opens the output of an interrupted run for `--resume`: checks it against
/// the input (advancing the sources past what it holds), cuts a torn last
/// line, and positions writing at its end.
fn resumed_output(
    input: &InputArgs,
    format: OutFormat,
    srcs: &mut [Box<dyn batch::RecordSource>],
) -> Result<(Box<dyn Write + Send>, modcite::resume::Resume)> {
    use std::io::{Seek, SeekFrom};
    let Some(path) = input.output.as_deref() else { bail!("--resume needs --output FILE: the output of the interrupted run") };
    if format != OutFormat::Jsonl {
        bail!("--resume works on JSON Lines output (--format jsonl): CSV and JSON array outputs cannot be checked record by record");
    }
    let done = modcite::resume::check(path, srcs)?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    file.set_len(done.keep_bytes).with_context(|| format!("cutting the torn last line of {}", path.display()))?;
    file.seek(SeekFrom::End(0))?;
    Ok((Box::new(std::io::BufWriter::new(file)), done))
}

fn run_batch(input: &InputArgs, format: OutFormat, resume: bool) -> Result<ExitCode> {
    let summary = run_batch_core(input, format, false, resume, None)?;
    if !input.quiet {
        eprintln!("modcite: {}", summary.line());
    }
    Ok(ExitCode::SUCCESS)
}

fn run_audit(a: AuditArgs) -> Result<ExitCode> {
    let report = match &a.report {
        Some(p) => Some(modcite::report::HtmlReport::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        ))?),
        None => None,
    };
    let summary = run_batch_core(&a.input, a.format, true, false, report)?;
    if !a.input.quiet {
        eprint!("{}", summary.table());
        eprintln!("modcite: {}", summary.line());
    }
    let failing = match a.fail_on {
        FailOn::Error => summary.count("error"),
        FailOn::Warning => summary.count("error") + summary.count("warning"),
        FailOn::Never => 0,
    };
    Ok(if failing > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn serve(a: ServeArgs) -> Result<ExitCode> {
    use modcite::serve::{auth::Tokens, ServeConfig};
    let ip = a.bind.unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
    let mut config = ServeConfig::local(std::net::SocketAddr::new(ip, a.port));
    config.max_body = a.max_body;
    config.log = !a.quiet;
    config.tokens = match (&a.tokens, std::env::var("MODCITE_TOKENS")) {
        (Some(path), _) => Some(Tokens::from_file(path)?),
        (None, Ok(value)) if !value.trim().is_empty() => Some(Tokens::from_env_value(&value)?),
        _ => None,
    };
    if let (Some(cert), Some(key)) = (&a.tls_cert, &a.tls_key) {
        config.tls = Some(modcite::serve::tls::server_config(cert, key)?);
    }
    config.insecure_http = a.insecure_http;
    config.allowed_hosts = a.allowed_hosts.clone();
    config.rate_per_minute = std::num::NonZeroU32::new(a.rate_limit);
    if let Some(n) = a.max_concurrent {
        config.max_concurrent = n.max(1);
    }
    if let Err(e) = modcite::serve::check_exposure(&config) {
        eprintln!("modcite: {e}");
        return Ok(ExitCode::from(2));
    }
    let analyzer = std::sync::Arc::new(a.data.analyzer()?);
    let running = modcite::serve::bind(&config)?;
    if !ip.is_loopback() {
        eprintln!("modcite: listening on {ip}, which is not loopback: other machines can reach this server");
        if config.insecure_http {
            eprintln!("modcite: TLS is off (--insecure-http): only run this behind a proxy that terminates TLS");
        }
    }
    if let Some(tokens) = &config.tokens {
        eprintln!("modcite: API requests need one of {} bearer token(s)", tokens.len());
    }
    println!("modcite: serving on {}://{}/ (Ctrl-C to stop)", config.scheme(), running.addr);
    std::io::stdout().flush()?;
    modcite::serve::run(running, analyzer, &config)?;
    Ok(ExitCode::SUCCESS)
}
