//! Search parameters from a query string, validated once for the API and the pages alike.

use config::{Config, Lang};
use url::form_urlencoded;

use crate::error::ApiError;
use engine::{Kind, MAX_LIMIT, MAX_QUERY_CHARS, SearchRequest, today};

/// The deepest result a client may page to: the largest `offset` (0-based), and the cap on
/// `(page - 1) × limit`. Bounds the work one request can ask for.
pub const MAX_OFFSET: usize = 1000;

/// The raw parameters, decoded leniently (invalid UTF-8 becomes U+FFFD, never an error). Each is
/// `None` when absent; for a repeated parameter the last value wins. [`request`] validates them.
#[derive(Debug, Default, Clone)]
pub struct RawParams {
    /// `q`: the question.
    pub q: Option<String>,
    /// `lang`: the reader's language, a BCP 47 tag (`es`, `es-MX`, `zh-CN`).
    pub lang: Option<String>,
    /// `bureau`: a bureau id to keep results to.
    pub bureau: Option<String>,
    /// `kind`: `article` or `page`.
    pub kind: Option<String>,
    /// `result_lang`: a language tag to keep results to.
    pub result_lang: Option<String>,
    /// `limit`: results per response, a whole number.
    pub limit: Option<String>,
    /// `offset`: results to skip, a whole number.
    pub offset: Option<String>,
    /// `page`: the page number from 1, as the web pages link; when given it replaces `offset`.
    pub page: Option<String>,
    /// `debug`: `1` (or `true`) asks the API for the ranking report; read by [`debug`].
    pub debug: Option<String>,
}

impl RawParams {
    /// Reads the parameters above from a URL query string (without the `?`; `None` for no query
    /// string), percent- and `+`-decoded as a form. Other parameters are ignored.
    pub fn parse(query: Option<&str>) -> RawParams {
        let mut p = RawParams::default();
        for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let slot = match key.as_ref() {
                "q" => &mut p.q,
                "lang" => &mut p.lang,
                "bureau" => &mut p.bureau,
                "kind" => &mut p.kind,
                "result_lang" => &mut p.result_lang,
                "limit" => &mut p.limit,
                "offset" => &mut p.offset,
                "page" => &mut p.page,
                "debug" => &mut p.debug,
                _ => continue,
            };
            *slot = Some(value.into_owned());
        }
        p
    }
}

/// The question with control characters replaced by spaces, invisible characters (zero-width
/// space, soft hyphen, word joiner, byte order mark: the Unicode property
/// Default_Ignorable_Code_Point) removed and whitespace collapsed to single spaces; a trailing
/// space (the last word is finished) is kept as one space.
///
/// # Errors
///
/// [`ApiError::QueryTooLong`] when `q` has more than [`MAX_QUERY_CHARS`] characters (counted
/// before cleaning); [`ApiError::EmptyQuery`] when nothing is left, so a question of invisible
/// characters only is refused like an empty one.
pub fn clean_query(q: &str) -> Result<String, ApiError> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::QueryTooLong {
            max: MAX_QUERY_CHARS,
        });
    }
    let cleaned: String = q
        .chars()
        .filter(|c| !engine::is_invisible(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let trailing_space = cleaned.ends_with(' ') && !cleaned.trim().is_empty();
    let mut cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if cleaned.is_empty() {
        return Err(ApiError::EmptyQuery);
    }
    if trailing_space {
        cleaned.push(' ');
    }
    Ok(cleaned)
}

fn lang(value: Option<&str>) -> Result<Option<Lang>, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(tag) => Lang::from_tag(tag)
            .map(Some)
            .map_err(|_| ApiError::UnknownLang(tag.to_owned())),
    }
}

fn number(
    value: Option<&str>,
    default: usize,
    min: usize,
    max: usize,
    err: ApiError,
) -> Result<usize, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or(err),
    }
}

/// Validates the parameters into a request for today's date. Empty and all-space values count as
/// absent. `default_limit` is the limit when `limit` is absent: 10 for the API, the results page
/// size for the pages, 8 for the agent view.
///
/// # Errors
///
/// The first problem found, in this order: [`clean_query`]'s errors,
/// [`ApiError::UnknownBureau`] (not in `config`), [`ApiError::UnknownKind`],
/// [`ApiError::InvalidLimit`] (not 1 to [`MAX_LIMIT`]), [`ApiError::InvalidOffset`] (`offset` not
/// 0 to [`MAX_OFFSET`], or `page` not a whole number from 1 or past it), then
/// [`ApiError::UnknownLang`] for `lang`, then for `result_lang`.
pub fn request(
    p: &RawParams,
    config: &Config,
    default_limit: usize,
) -> Result<SearchRequest, ApiError> {
    let q = clean_query(p.q.as_deref().unwrap_or_default())?;
    let bureau = match p.bureau.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        Some(b) if config.bureau(b).is_none() => return Err(ApiError::UnknownBureau(b.to_owned())),
        other => other.map(str::to_owned),
    };
    let kind = match p.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => Some(Kind::from_name(k).ok_or_else(|| ApiError::UnknownKind(k.to_owned()))?),
        None => None,
    };
    let limit = number(
        p.limit.as_deref(),
        default_limit,
        1,
        MAX_LIMIT,
        ApiError::InvalidLimit { max: MAX_LIMIT },
    )?;
    let offset = match p.page.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(page) => {
            let page = page
                .parse::<usize>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or(ApiError::InvalidOffset { max: MAX_OFFSET })?;
            (page - 1).saturating_mul(limit)
        }
        None => number(
            p.offset.as_deref(),
            0,
            0,
            MAX_OFFSET,
            ApiError::InvalidOffset { max: MAX_OFFSET },
        )?,
    };
    if offset > MAX_OFFSET {
        return Err(ApiError::InvalidOffset { max: MAX_OFFSET });
    }
    Ok(SearchRequest {
        q,
        lang: lang(p.lang.as_deref())?,
        bureau,
        kind,
        result_lang: lang(p.result_lang.as_deref())?,
        limit,
        offset,
        explain: false,
        today: today(),
    })
}

/// Whether `debug` asks for the ranking report: `1` or `true` yes; `0`, `false`, empty or absent
/// no.
///
/// # Errors
///
/// [`ApiError::InvalidDebug`] for any other value.
pub fn debug(p: &RawParams) -> Result<bool, ApiError> {
    match p.debug.as_deref().map(str::trim).unwrap_or_default() {
        "1" | "true" => Ok(true),
        "" | "0" | "false" => Ok(false),
        other => Err(ApiError::InvalidDebug(other.to_owned())),
    }
}

/// The insights endpoints' parameters (`from`, `to`, `lang`, `bureau`, `channel`, `sort`,
/// `limit`, `window`), decoded leniently like [`RawParams`]; [`ReportParams::filter`] and the
/// other methods validate them. The dashboard's GET form sends the same names.
#[derive(Debug, Default, Clone)]
pub struct ReportParams {
    /// `from`: the first day, `YYYY-MM-DD` (UTC).
    pub from: Option<String>,
    /// `to`: the last day, `YYYY-MM-DD` (UTC).
    pub to: Option<String>,
    /// `lang`: only questions in this language (a city language tag).
    pub lang: Option<String>,
    /// `bureau`: only searches that ended at this bureau (an id of `firststop.toml`).
    pub bureau: Option<String>,
    /// `channel`: `web`, `agent` or `api`.
    pub channel: Option<String>,
    /// `sort`: `count`, `zero` or `ctr`.
    pub sort: Option<String>,
    /// `limit`: how many questions, a whole number.
    pub limit: Option<String>,
    /// `window`: days compared by the trending list.
    pub window: Option<String>,
}

/// Days a report covers when `from` is not given: the 30 days ending `to`.
pub const REPORT_DAYS: u32 = 30;
/// The most questions one list may ask for.
pub const MAX_REPORT_LIMIT: usize = 1000;

impl ReportParams {
    /// Reads the parameters above from a URL query string; empty values count as absent.
    pub fn parse(query: Option<&str>) -> ReportParams {
        let mut p = ReportParams::default();
        for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let slot = match key.as_ref() {
                "from" => &mut p.from,
                "to" => &mut p.to,
                "lang" => &mut p.lang,
                "bureau" => &mut p.bureau,
                "channel" => &mut p.channel,
                "sort" => &mut p.sort,
                "limit" => &mut p.limit,
                "window" => &mut p.window,
                _ => continue,
            };
            let value = value.trim();
            *slot = (!value.is_empty()).then(|| value.to_owned());
        }
        p
    }

    /// The filter: `from`..=`to` (`to` defaults to `today`, `from` to [`REPORT_DAYS`] days
    /// ending `to`), and the language, bureau and channel when given.
    ///
    /// # Errors
    /// [`ApiError::InvalidDate`], [`ApiError::InvalidRange`], [`ApiError::UnknownLang`],
    /// [`ApiError::UnknownBureau`], [`ApiError::InvalidChannel`].
    pub fn filter(&self, config: &Config, today: time::Date) -> Result<insights::Filter, ApiError> {
        let mut filter = insights::Filter::from_query(
            self.from.as_deref(),
            self.to.as_deref(),
            today,
            REPORT_DAYS,
        )?;
        if let Some(tag) = &self.lang {
            let lang = Lang::from_tag(tag).map_err(|_| ApiError::UnknownLang(tag.clone()))?;
            filter = filter.lang(lang.tag);
        }
        if let Some(bureau) = &self.bureau {
            if config.bureau(bureau).is_none() {
                return Err(ApiError::UnknownBureau(bureau.clone()));
            }
            filter = filter.bureau(bureau.as_str());
        }
        if let Some(channel) = &self.channel {
            filter = filter.channel(channel.parse::<insights::Channel>()?);
        }
        Ok(filter)
    }

    /// `sort`, [`insights::Sort::Count`] by default.
    ///
    /// # Errors
    /// [`ApiError::InvalidSort`].
    pub fn sort(&self) -> Result<insights::Sort, ApiError> {
        match &self.sort {
            None => Ok(insights::Sort::Count),
            Some(s) => Ok(s.parse()?),
        }
    }

    /// `limit`, 1 to [`MAX_REPORT_LIMIT`], `default` when absent.
    ///
    /// # Errors
    /// [`ApiError::InvalidLimit`].
    pub fn limit(&self, default: usize) -> Result<usize, ApiError> {
        number(
            self.limit.as_deref(),
            default,
            1,
            MAX_REPORT_LIMIT,
            ApiError::InvalidLimit {
                max: MAX_REPORT_LIMIT,
            },
        )
    }

    /// `window`, 1 to 180 days, 7 by default.
    ///
    /// # Errors
    /// [`ApiError::InvalidWindow`].
    pub fn window(&self) -> Result<u32, ApiError> {
        match &self.window {
            None => Ok(7),
            Some(w) => w
                .parse::<u32>()
                .ok()
                .filter(|d| (1..=180).contains(d))
                .ok_or(ApiError::InvalidWindow),
        }
    }
}
