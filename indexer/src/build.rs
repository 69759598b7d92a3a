//! `firststop index`: gathers articles and indexable pages, merges what duplicates what, and
//! writes the index — fully into a new generation, or incrementally into the current one.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use config::url_identity::UrlKey;
use config::{Config, Lang, Problems};
use pagestore::{Page, PageStore};
use tantivy::schema::document::Document;
use tantivy::{IndexWriter, TantivyDocument, Term};

use crate::content::Content;
use crate::document::{self, Unit};
use crate::rules;
use crate::{Error, Status};
use searchindex::schema::fast;
use searchindex::{IndexDir, OpenIndex, Payload};

/// Pages read from the page store at a time unless [`IndexOptions::page_batch`] says otherwise.
pub const DEFAULT_PAGE_BATCH: usize = 500;

/// Records handed to tantivy's writer and not yet indexed by one of its threads, at most.
/// tantivy's own queue holds up to 10,000, which at a crawled page's size (its text stored and
/// indexed twice, and again in its sections) is over 100 MB waiting; a few hundred keep its
/// threads busy.
const RECORDS_IN_FLIGHT: usize = 512;

/// How to index.
#[derive(Debug, Clone, Default)]
pub struct IndexOptions {
    /// Build a new generation even when the current one could be updated.
    pub rebuild: bool,
    /// Memory budget of tantivy's writer, in bytes, shared by its threads (at most 4): 120 MB
    /// unless set, raised to 15 MB per thread when set lower (tantivy's floor).
    pub writer_memory: Option<usize>,
    /// Pages read from the page store and turned into records at a time: at most this many
    /// pages' content is in memory at once ([`DEFAULT_PAGE_BATCH`] unless set; at least 1).
    pub page_batch: Option<usize>,
}

/// What one run did. Every count by `(kind, lang)` is keyed like `("article", "es")` or
/// `("page", "und")`: the [`searchindex::Kind`] spelling and the city language tag, `und` for a
/// page in no known language. [`IndexReport`] displays as a short summary for the terminal.
#[derive(Debug, Clone, Default)]
pub struct IndexReport {
    /// True when a new generation was built, false when the current one was updated.
    pub full: bool,
    /// The generation written (`gen-<unix ms>-<n>`).
    pub generation: String,
    /// Units (an article in one language, or a page) now in the index, by `(kind, lang)`.
    pub documents: BTreeMap<(String, String), usize>,
    /// Section records beside those units.
    pub records: usize,
    /// Units new to the index, by `(kind, lang)`: every unit of a full build.
    pub added: BTreeMap<(String, String), usize>,
    /// Units already in the index whose sources changed, by `(kind, lang)`.
    pub updated: BTreeMap<(String, String), usize>,
    /// Units removed because their article or page is no longer indexed (deleted, a draft,
    /// `noindex`, or now merged into a duplicate), by `(kind, lang)`.
    pub deleted: BTreeMap<(String, String), usize>,
    /// Pages left out because another page with the same content hash stands for them.
    pub merged_pages: usize,
    /// Batches the indexable pages were read in, each of at most [`IndexOptions::page_batch`]
    /// pages.
    pub page_batches: usize,
    /// Wall time of the whole run.
    pub took: Duration,
    /// Problems in articles (sorted by file and line), then in rule files. An article with a
    /// problem is left out; for rules see [`crate::rules::load`].
    pub problems: Problems,
}

impl IndexReport {
    /// Whether the index changed: a full build, or any unit added, updated or deleted. (Changed
    /// rules alone are committed too, but do not count here.)
    pub fn changed(&self) -> bool {
        self.full || !self.added.is_empty() || !self.updated.is_empty() || !self.deleted.is_empty()
    }
}

/// Indexes `content_dir` and the page store under `data_dir` into `data_dir/index`, holding the
/// writer lock throughout.
///
/// The pages are streamed: their keys (URL, content hash, canonical) are read first to merge
/// duplicates, then the pages themselves in batches of [`IndexOptions::page_batch`], each turned
/// into records and handed to the writer before the next is read, all in one read transaction of
/// the page store. Memory holds the keys, the unit ids and one batch, not the city.
///
/// The current generation is updated in place when it exists and was built with this
/// [`searchindex::SCHEMA_VERSION`]: units whose hash changed are deleted and re-added by unit id,
/// units gone are deleted, and nothing is committed when neither they nor the rules changed.
/// Otherwise (or with [`IndexOptions::rebuild`]) a new generation is built and published. Either
/// way generations other than the current and the one before it are removed. A missing page
/// store counts as no pages; problems in articles and rule files are reported in
/// [`IndexReport::problems`], not as errors.
///
/// # Errors
/// [`Error::Index`] when another process holds the writer lock ([`searchindex::Error::Locked`]),
/// or an index file or tantivy fails; [`Error::Io`] when the content folder or an article cannot
/// be read (see [`Content::load`]); [`Error::Pages`] when the page store exists but cannot be
/// opened or read. A full build that fails leaves the current generation served.
pub fn run(
    config: &Config,
    data_dir: &Path,
    content_dir: &Path,
    options: &IndexOptions,
) -> Result<IndexReport, Error> {
    let started = Instant::now();
    let span = tracing::info_span!("index", data = %data_dir.display(), rebuild = options.rebuild);
    let _entered = span.enter();
    let dir = IndexDir::new(data_dir);
    let _lock = dir.lock()?;
    let mut report = IndexReport::default();

    let (content, problems) = Content::load(content_dir, config)?;
    report.problems.extend(problems);
    let slugs: HashSet<&str> = content.published().map(|a| a.slug.as_str()).collect();
    let (rules, problems) = rules::load(content_dir, config, &slugs);
    report.problems.extend(problems);

    let store = match PageStore::open_read_only(data_dir) {
        Ok(store) => Some(store),
        Err(pagestore::Error::Missing { .. }) => None,
        Err(e) => return Err(Error::Pages(e)),
    };
    let snapshot = store.as_ref().map(PageStore::snapshot).transpose()?;

    let current = match dir.open_current() {
        Ok(Some(open)) if !options.rebuild && dir.current_is_compatible(&open) => Some(open),
        Ok(_) | Err(searchindex::Error::Incompatible { .. }) => None,
        Err(e) => return Err(e.into()),
    };
    let (target, full) = match current {
        Some(open) => (open, false),
        None => (dir.create_generation()?, true),
    };
    report.full = full;
    report.generation = target.generation.clone();
    let terms = crate::bridge::learn(&content, &rules);
    let payload = Payload {
        schema_version: searchindex::SCHEMA_VERSION,
        rules,
        terms,
        committed_at: time::OffsetDateTime::now_utc().unix_timestamp(),
    };

    let mut sink = Sink::new(&target, options, full)?;
    let covered_by = articles(&target, &content, None, &mut sink, &mut report)?;
    if let Some(snapshot) = &snapshot {
        pages(
            &target,
            config,
            snapshot,
            &covered_by,
            options,
            &mut sink,
            &mut report,
        )?;
    }
    let committed = sink.finish(&payload, &mut report)?;
    drop(snapshot);

    if full {
        let previous = dir.current_generation();
        dir.publish(&target.generation)?;
        let keep: Vec<&str> = [Some(target.generation.as_str()), previous.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        dir.remove_old_generations(&keep);
    } else {
        tracing::debug!(committed, "incremental update");
        let current = target.generation.clone();
        let previous = previous_generation(&dir, &current);
        let keep: Vec<&str> = [Some(current.as_str()), previous.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        dir.remove_old_generations(&keep);
    }
    report.took = started.elapsed();
    Ok(report)
}

/// Brings the articles of the index in line with `content_dir` without reading the page store:
/// the live path of the editors' workspace. With `slug`, only that article's languages are
/// compared; with `None`, every article (what a server does at start, to catch a publish that
/// was cut short). Each article language whose records differ from its file is deleted by its
/// unit id and added again, one gone is deleted, and the rules are read again (a best bet or
/// topic may name the article); all in one commit, under the writer lock, and nothing is
/// committed when nothing changed. Pages are left as they are: a page newly linked from an
/// article's actions joins the article's group at the next `firststop index`. When there is no
/// index yet, or it was built by another schema version, this is [`run`] (a full build).
///
/// # Errors
/// As [`run`].
pub fn update_articles(
    config: &Config,
    data_dir: &Path,
    content_dir: &Path,
    slug: Option<&str>,
) -> Result<IndexReport, Error> {
    let started = Instant::now();
    let span = tracing::info_span!("index_articles", slug = slug.unwrap_or("*"));
    let _entered = span.enter();
    let dir = IndexDir::new(data_dir);
    let lock = dir.lock()?;
    let target = match dir.open_current() {
        Ok(Some(open)) if dir.current_is_compatible(&open) => open,
        Ok(_) | Err(searchindex::Error::Incompatible { .. }) => {
            drop(lock);
            return run(config, data_dir, content_dir, &IndexOptions::default());
        }
        Err(e) => return Err(e.into()),
    };
    let mut report = IndexReport {
        generation: target.generation.clone(),
        ..IndexReport::default()
    };
    let (content, problems) = Content::load(content_dir, config)?;
    report.problems.extend(problems);
    let slugs: HashSet<&str> = content.published().map(|a| a.slug.as_str()).collect();
    let (rules, problems) = rules::load(content_dir, config, &slugs);
    report.problems.extend(problems);

    let terms = crate::bridge::learn(&content, &rules);
    let payload = Payload {
        schema_version: searchindex::SCHEMA_VERSION,
        rules,
        terms,
        committed_at: time::OffsetDateTime::now_utc().unix_timestamp(),
    };
    let options = IndexOptions::default();
    let mut sink = Sink::articles(&target, &options, slug)?;
    articles(&target, &content, slug, &mut sink, &mut report)?;
    sink.finish(&payload, &mut report)?;
    report.took = started.elapsed();
    Ok(report)
}

/// The start of the unit ids of every language of article `slug`: `article:<slug>:`.
fn unit_prefix(slug: &str) -> String {
    searchindex::record::article_id(slug, "")
}

/// The newest generation other than `current`, kept one run longer for servers still reading it.
fn previous_generation(dir: &IndexDir, current: &str) -> Option<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.root())
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("gen-") && n != current)
        .collect();
    names.sort();
    names.pop()
}

/// Writes every published article language into `sink` (with `only`, those of that slug), each
/// its own unit linked by slug. Returns the pages the articles cover: the URL key of each action a published article links
/// to, with the article's group (the article then ranks for that page).
fn articles(
    target: &OpenIndex,
    content: &Content,
    only: Option<&str>,
    sink: &mut Sink<'_>,
    report: &mut IndexReport,
) -> Result<HashMap<String, String>, Error> {
    let mut langs_by_slug: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut original_lang: HashMap<&str, Lang> = HashMap::new();
    for a in content.published() {
        langs_by_slug.entry(&a.slug).or_default().push(a.lang.tag);
        if a.is_original {
            original_lang.insert(&a.slug, a.lang);
        }
    }
    for langs in langs_by_slug.values_mut() {
        langs.sort();
    }
    let mut covered_by: HashMap<String, String> = HashMap::new();
    for a in content
        .published()
        .filter(|a| a.status == Status::Published && only.is_none_or(|s| a.slug == s))
    {
        let Some(original) = original_lang.get(a.slug.as_str()) else {
            continue;
        };
        let unit = document::article_unit(
            &target.fields,
            a,
            *original,
            &langs_by_slug[a.slug.as_str()],
        );
        sink.add(unit, report)?;
        for action in &a.actions {
            if let Some(key) = url_key(&action.url) {
                covered_by
                    .entry(key)
                    .or_insert_with(|| searchindex::record::article_group(&a.slug));
            }
        }
    }
    Ok(covered_by)
}

/// Writes the indexable pages of `snapshot` into `sink`, one batch at a time: one page per
/// content hash, preferring the URL the others name as canonical.
fn pages(
    target: &OpenIndex,
    config: &Config,
    snapshot: &pagestore::Snapshot<'_>,
    covered_by: &HashMap<String, String>,
    options: &IndexOptions,
    sink: &mut Sink<'_>,
    report: &mut IndexReport,
) -> Result<(), Error> {
    let kept = Duplicates::new(&snapshot.indexable_keys()?);
    let size = options.page_batch.unwrap_or(DEFAULT_PAGE_BATCH);
    for batch in snapshot.indexable_batches(size) {
        report.page_batches += 1;
        for p in batch? {
            if kept.stands_for_another(&p) {
                report.merged_pages += 1;
                continue;
            }
            let own = document::page_id(&p.url);
            let group = [Some(p.url.as_str()), p.canonical.as_deref()]
                .into_iter()
                .flatten()
                .filter_map(url_key)
                .find_map(|k| covered_by.get(&k).cloned())
                .unwrap_or(own);
            let unit = document::page_unit(&target.fields, &p, &group, is_home(config, &p));
            sink.add(unit, report)?;
        }
    }
    Ok(())
}

/// For each content hash, the URL of the page that stands for all pages with that hash.
struct Duplicates {
    kept: HashMap<String, String>,
}

impl Duplicates {
    fn new(keys: &[pagestore::PageKey]) -> Duplicates {
        let canonical_targets: HashSet<&str> =
            keys.iter().filter_map(|k| k.canonical.as_deref()).collect();
        let mut kept: HashMap<&str, &str> = HashMap::new();
        for k in keys {
            let Some(hash) = k.content_hash.as_deref() else {
                continue;
            };
            match kept.get(hash) {
                Some(url) if !prefer(&k.url, url, &canonical_targets) => {}
                _ => {
                    kept.insert(hash, &k.url);
                }
            }
        }
        Duplicates {
            kept: kept
                .into_iter()
                .map(|(h, u)| (h.to_owned(), u.to_owned()))
                .collect(),
        }
    }

    /// Whether another page with the same content hash stands for `page`.
    fn stands_for_another(&self, page: &Page) -> bool {
        page.content_hash
            .as_deref()
            .and_then(|h| self.kept.get(h))
            .is_some_and(|url| *url != page.url)
    }
}

/// Whether the page at `candidate` should stand for its duplicates instead of the one at `kept`.
fn prefer(candidate: &str, kept: &str, canonical_targets: &HashSet<&str>) -> bool {
    let score = |url: &str| {
        (
            canonical_targets.contains(url),
            std::cmp::Reverse(url.len()),
            std::cmp::Reverse(url.to_owned()),
        )
    };
    score(candidate) > score(kept)
}

/// A page is a home page when its path is its site's root or exactly a section prefix, also
/// under a language segment (`/es/transportation`).
fn is_home(config: &Config, page: &Page) -> bool {
    let Ok(url) = url::Url::parse(&page.url) else {
        return false;
    };
    let path = url.path().trim_end_matches('/');
    let without_lang = config::split_lang_prefix(path).map_or(path, |(_, rest)| rest);
    if without_lang.is_empty() {
        return true;
    }
    config
        .site_for(&url)
        .and_then(|site| site.section_for_path(without_lang))
        .is_some_and(|(prefix, _)| prefix.trim_end_matches('/') == without_lang)
}

/// The key a page and an article's action URL are compared by: the URL identity of
/// `config::url_identity`, without the path's trailing slash. `None` for what is not http(s).
pub(crate) fn url_key(url: &str) -> Option<String> {
    UrlKey::parse(url).map(|k| k.loose())
}

// The one place a writer is opened: everything else reads the index (clippy.toml).
#[allow(clippy::disallowed_methods)]
fn writer(target: &OpenIndex, options: &IndexOptions) -> Result<IndexWriter<Queued>, Error> {
    let memory = options.writer_memory.unwrap_or(120_000_000);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get().min(4))
        .unwrap_or(1);
    target
        .index
        .writer_with_num_threads(threads, memory.max(15_000_000 * threads))
        .map_err(|e| Error::index(&target.dir, e))
}

fn commit(
    target: &OpenIndex,
    mut writer: IndexWriter<Queued>,
    payload: &Payload,
) -> Result<(), Error> {
    let json = serde_json::to_string(payload).expect("payload serializes");
    let mut prepared = writer
        .prepare_commit()
        .map_err(|e| Error::index(&target.dir, e))?;
    prepared.set_payload(&json);
    prepared
        .commit()
        .map_err(|e| Error::index(&target.dir, e))?;
    writer
        .wait_merging_threads()
        .map_err(|e| Error::index(&target.dir, e))?;
    Ok(())
}

/// Where units go as they are made. A full build adds every unit to a new generation. An update
/// compares each unit's hash with the one in the index: equal is skipped, different is deleted
/// and re-added by unit id, new is added; at the end, units of the index no unit came for are
/// deleted. Its writer is opened at the first change, so an update that changes nothing writes
/// nothing.
struct Sink<'t> {
    target: &'t OpenIndex,
    options: &'t IndexOptions,
    writer: Option<IndexWriter<Queued>>,
    /// The records handed to the writer and not yet indexed.
    in_flight: InFlight,
    /// The units in the index being updated (`None` for a full build), by unit id.
    existing: Option<HashMap<String, Existing>>,
    /// The ids of the units made so far.
    seen: HashSet<String>,
}

impl<'t> Sink<'t> {
    fn new(
        target: &'t OpenIndex,
        options: &'t IndexOptions,
        full: bool,
    ) -> Result<Sink<'t>, Error> {
        let (writer, existing) = if full {
            (Some(writer(target, options)?), None)
        } else {
            (None, Some(existing_units(target)?))
        };
        Ok(Sink {
            target,
            options,
            writer,
            in_flight: InFlight::new(RECORDS_IN_FLIGHT),
            existing,
            seen: HashSet::new(),
        })
    }

    /// An update of the article units of the index only (with `slug`, that article's languages
    /// only): pages, and other articles, are neither compared nor deleted.
    fn articles(
        target: &'t OpenIndex,
        options: &'t IndexOptions,
        slug: Option<&str>,
    ) -> Result<Sink<'t>, Error> {
        let mut sink = Sink::new(target, options, false)?;
        let prefix = slug.map(unit_prefix);
        if let Some(existing) = &mut sink.existing {
            existing.retain(|id, e| {
                e.kind == searchindex::Kind::Article.as_str()
                    && prefix.as_deref().is_none_or(|p| id.starts_with(p))
            });
        }
        Ok(sink)
    }

    fn writer(&mut self) -> Result<&IndexWriter<Queued>, Error> {
        if self.writer.is_none() {
            self.writer = Some(writer(self.target, self.options)?);
        }
        Ok(self.writer.as_ref().expect("writer just opened"))
    }

    fn add(&mut self, unit: Unit, report: &mut IndexReport) -> Result<(), Error> {
        let key = (unit.kind.as_str().to_owned(), unit.lang.clone());
        *report.documents.entry(key.clone()).or_default() += 1;
        report.records += unit.records.len() - 1;
        let previous = match &self.existing {
            None => None,
            Some(existing) => match existing.get(&unit.id) {
                Some(e) if e.hash == unit.hash => {
                    self.seen.insert(unit.id);
                    return Ok(());
                }
                found => Some(found.is_some()),
            },
        };
        let target = self.target;
        let in_flight = self.in_flight.clone();
        let writer = self.writer()?;
        if previous == Some(true) {
            writer.delete_term(Term::from_field_text(target.fields.unit, &unit.id));
            *report.updated.entry(key).or_default() += 1;
        } else {
            *report.added.entry(key).or_default() += 1;
        }
        for doc in unit.records {
            let slot = in_flight.acquire();
            writer
                .add_document(Queued { doc, _slot: slot })
                .map_err(|e| Error::index(&target.dir, e))?;
        }
        self.seen.insert(unit.id);
        Ok(())
    }

    /// Deletes the units no longer made (an update) and commits with `payload` when anything
    /// changed or the rules or the term table did. Returns whether it committed.
    fn finish(mut self, payload: &Payload, report: &mut IndexReport) -> Result<bool, Error> {
        if let Some(existing) = self.existing.take() {
            let gone: Vec<(String, Existing)> = existing
                .into_iter()
                .filter(|(id, _)| !self.seen.contains(id))
                .collect();
            if gone.is_empty() && self.writer.is_none() && {
                let current = self.target.payload()?;
                current.rules == payload.rules && current.terms == payload.terms
            } {
                return Ok(false);
            }
            let unit_field = self.target.fields.unit;
            let writer = self.writer()?;
            for (id, e) in gone {
                writer.delete_term(Term::from_field_text(unit_field, &id));
                *report.deleted.entry((e.kind, e.lang)).or_default() += 1;
            }
        }
        let writer = self
            .writer
            .take()
            .expect("a full build opens its writer first");
        commit(self.target, writer, payload)?;
        Ok(true)
    }
}

/// A record on its way to the writer's threads. It holds a slot of [`InFlight`] until a thread
/// has indexed it and drops it, so the records waiting in tantivy's queue stay bounded.
struct Queued {
    doc: TantivyDocument,
    _slot: Slot,
}

impl Document for Queued {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }
}

/// Counts records handed to the writer and not yet indexed, and makes the sender wait while
/// there are `limit` of them.
#[derive(Clone)]
struct InFlight {
    count: Arc<(Mutex<usize>, Condvar)>,
    limit: usize,
}

/// One record in flight; dropping it frees its place.
struct Slot(Arc<(Mutex<usize>, Condvar)>);

impl InFlight {
    /// The longest wait for a free place. A writer whose threads died never frees one: after
    /// this the record is sent anyway, and the writer reports its failure.
    const PATIENCE: Duration = Duration::from_secs(2);

    fn new(limit: usize) -> InFlight {
        InFlight {
            count: Arc::new((Mutex::new(0), Condvar::new())),
            limit: limit.max(1),
        }
    }

    /// Waits for a free place (at most [`InFlight::PATIENCE`]) and takes it.
    fn acquire(&self) -> Slot {
        let (count, freed) = &*self.count;
        let guard = count.lock().unwrap_or_else(|e| e.into_inner());
        let (mut guard, _) = freed
            .wait_timeout_while(guard, Self::PATIENCE, |n| *n >= self.limit)
            .unwrap_or_else(|e| e.into_inner());
        *guard += 1;
        Slot(self.count.clone())
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let (count, freed) = &*self.0;
        let mut n = count.lock().unwrap_or_else(|e| e.into_inner());
        *n = n.saturating_sub(1);
        freed.notify_one();
    }
}

/// A unit as the index holds it.
struct Existing {
    hash: u64,
    kind: String,
    lang: String,
}

/// The units in the index, read from fast fields of their `doc` (or `covered`) records.
fn existing_units(target: &OpenIndex) -> Result<HashMap<String, Existing>, Error> {
    let err = |e| Error::index(&target.dir, e);
    let reader = target.index.reader().map_err(err)?;
    let searcher = reader.searcher();
    let mut out = HashMap::new();
    for segment in searcher.segment_readers() {
        let columns = segment.fast_fields();
        let hashes = columns.u64(fast::UNIT_HASH).map_err(err)?;
        let column = |name: &str| {
            columns
                .str(name)
                .map_err(err)?
                .ok_or_else(|| err(tantivy::TantivyError::FieldNotFound(name.to_owned())))
        };
        let (units, kinds, langs) = (
            column(fast::UNIT)?,
            column(fast::KIND)?,
            column(fast::LANG)?,
        );
        let text = |col: &tantivy::columnar::StrColumn, doc| -> String {
            let mut s = String::new();
            if let Some(ord) = col.term_ords(doc).next() {
                let _ = col.ord_to_str(ord, &mut s);
            }
            s
        };
        for doc in segment.doc_ids_alive() {
            let Some(hash) = hashes.first(doc) else {
                continue;
            };
            out.insert(
                text(&units, doc),
                Existing {
                    hash,
                    kind: text(&kinds, doc),
                    lang: text(&langs, doc),
                },
            );
        }
    }
    Ok(out)
}

impl std::fmt::Display for IndexReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let how = if self.full {
            "built a new index"
        } else {
            "updated the index"
        };
        let units: usize = self.documents.values().sum();
        writeln!(
            f,
            "{how} ({}) in {:.2}s: {units} documents, {} section records, {} duplicate pages merged",
            self.generation,
            self.took.as_secs_f64(),
            self.records,
            self.merged_pages
        )?;
        let table = |name: &str,
                     map: &BTreeMap<(String, String), usize>,
                     f: &mut std::fmt::Formatter<'_>| {
            if map.is_empty() {
                return Ok(());
            }
            let parts: Vec<String> = map
                .iter()
                .map(|((kind, lang), n)| format!("{kind}/{lang} {n}"))
                .collect();
            writeln!(f, "  {name:<9} {}", parts.join(", "))
        };
        table("documents", &self.documents, f)?;
        table("added", &self.added, f)?;
        table("updated", &self.updated, f)?;
        table("deleted", &self.deleted, f)?;
        if !self.changed() {
            writeln!(f, "  nothing changed")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::InFlight;

    #[test]
    fn a_sender_waits_while_the_limit_is_in_flight_and_goes_on_when_one_is_indexed() {
        let in_flight = InFlight::new(2);
        let first = in_flight.acquire();
        let _second = in_flight.acquire();
        let third = std::thread::spawn({
            let in_flight = in_flight.clone();
            move || in_flight.acquire()
        });
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(!third.is_finished(), "two in flight: the third waits");
        drop(first);
        let _third = third.join().unwrap();
        assert_eq!(*in_flight.count.0.lock().unwrap(), 2);
    }
}
