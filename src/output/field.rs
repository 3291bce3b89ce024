//! The output fields: their names, order and `--fields` lists.

use crate::doc::PageMeta;

/// One output field (a JSONL key; one or more CSV columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Document id.
    Doc,
    /// 0-based paragraph index.
    Paragraph,
    /// Byte offset of the paragraph's start.
    Start,
    /// Byte offset one past its end.
    End,
    /// Most probable stance label.
    Label,
    /// Stance probabilities (CSV: `p_<class>` columns).
    Scores,
    /// The paragraph's text.
    Text,
    /// Whether it is reproduced from another source.
    Reproduced,
    /// Why it is reproduced.
    ReproducedBy,
    /// The other documents sharing the passage.
    SharedWith,
    /// Why it is boilerplate.
    Skipped,
    /// The markup element it came from.
    Element,
    /// Most probable sentiment label.
    Sentiment,
    /// Sentiment probabilities (CSV: `p_negative,p_neutral,p_positive`).
    SentimentScores,
    /// Whether it is a reader comment below the article.
    Comment,
    /// The page's title.
    Title,
    /// The page's author(s).
    Author,
    /// The page's publication date.
    Published,
    /// The page's site name.
    Site,
    /// The page's canonical URL.
    Url,
    /// The page's language.
    Language,
    /// The document's genre (`genre.rs`): declared by the page, else estimated.
    Genre,
    /// How sure the genre is: 1 when declared, 0.5-0.95 when estimated.
    GenreScore,
    /// Tone toward each requested target the paragraph mentions (not in
    /// [`Field::ALL`]: written when targets are requested, see
    /// [`Field::WITH_TARGETS`]).
    Targets,
}

impl Field {
    /// Every field, in the default order.
    pub const ALL: [Field; 23] = [
        Field::Doc,
        Field::Paragraph,
        Field::Start,
        Field::End,
        Field::Label,
        Field::Scores,
        Field::Text,
        Field::Reproduced,
        Field::ReproducedBy,
        Field::SharedWith,
        Field::Skipped,
        Field::Element,
        Field::Sentiment,
        Field::SentimentScores,
        Field::Comment,
        Field::Title,
        Field::Author,
        Field::Published,
        Field::Site,
        Field::Url,
        Field::Language,
        Field::Genre,
        Field::GenreScore,
    ];

    /// Every field and `targets`: the default when targets are requested.
    pub const WITH_TARGETS: [Field; Field::ALL.len() + 1] = {
        let mut all = [Field::Targets; Field::ALL.len() + 1];
        let mut i = 0;
        while i < Field::ALL.len() {
            all[i] = Field::ALL[i];
            i += 1;
        }
        all
    };

    /// The field's name (its JSONL key).
    pub fn name(self) -> &'static str {
        match self {
            Field::Doc => "doc",
            Field::Paragraph => "paragraph",
            Field::Start => "start",
            Field::End => "end",
            Field::Label => "label",
            Field::Scores => "scores",
            Field::Text => "text",
            Field::Reproduced => "reproduced",
            Field::ReproducedBy => "reproduced_by",
            Field::SharedWith => "shared_with",
            Field::Skipped => "skipped",
            Field::Element => "element",
            Field::Sentiment => "sentiment",
            Field::SentimentScores => "sentiment_scores",
            Field::Comment => "comment",
            Field::Title => "title",
            Field::Author => "author",
            Field::Published => "published",
            Field::Site => "site",
            Field::Url => "url",
            Field::Language => "language",
            Field::Genre => "genre",
            Field::GenreScore => "genre_score",
            Field::Targets => "targets",
        }
    }

    /// The page-metadata value of a metadata field (`None` for others, and
    /// when the page does not say).
    pub(super) fn meta(self, m: &PageMeta) -> Option<&str> {
        match self {
            Field::Title => m.title.as_deref(),
            Field::Author => m.author.as_deref(),
            Field::Published => m.published.as_deref(),
            Field::Site => m.site.as_deref(),
            Field::Url => m.url.as_deref(),
            Field::Language => m.language.as_deref(),
            _ => None,
        }
    }

    /// Whether the field depends on the passages shared with other
    /// documents (known only once every document has been read).
    pub fn is_provenance(self) -> bool {
        matches!(
            self,
            Field::Reproduced | Field::ReproducedBy | Field::SharedWith
        )
    }

    /// Parses a comma-separated list of field names (`doc,label,scores`).
    /// The error names the bad entry and lists the valid names.
    pub fn parse_list(list: &str) -> Result<Vec<Field>, String> {
        let valid = || {
            Field::WITH_TARGETS
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut out = Vec::new();
        for name in list.split(',').map(str::trim) {
            let field = Field::WITH_TARGETS
                .into_iter()
                .find(|f| f.name() == name)
                .ok_or_else(|| format!("unknown field `{name}`; valid fields: {}", valid()))?;
            if out.contains(&field) {
                return Err(format!("field `{name}` is listed twice"));
            }
            out.push(field);
        }
        Ok(out)
    }
}
