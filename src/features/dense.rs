//! Dense features: a handful of numbers per paragraph that a bag of stems
//! cannot express, each tied to a rule in LABELS.md.
//!
//! They are computed from the analysed tokens (which know whether they sit
//! inside quotation marks), so a first-person pronoun inside a quote counts
//! towards the quotation, not towards the writer's own stance. Each feature
//! is standardised with the training mean and deviation ([`DenseScaler`]).
//!
//! The polarity features ([`DenseFeature::POLARITY`]) are meant for the
//! sentiment head and are not in the default list [`DenseFeature::ALL`].

use crate::analyze::{AnalyzerConfig, NEG_PREFIX};
use crate::analyze::{Stem, Token, TokenKind, QUOTE_TERM};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// The dense features a model can use. Names are stored in the model file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DenseFeature {
    /// Share of words inside quotation marks (LABELS.md: more than half
    /// makes a quotation).
    QuoteShare,
    /// 1 when the paragraph opens with a quotation mark.
    OpensWithQuote,
    /// Speech and attribution verbs outside quotes (`said`, `according`),
    /// log-scaled: attribution is normal in facts and quotations.
    Attribution,
    /// First-person pronouns outside quotes per word: the writer's stance.
    FirstPerson,
    /// Second-person pronouns outside quotes per word: addressing the reader.
    SecondPerson,
    /// Modal and hedge words outside quotes per word (`should`, `perhaps`).
    Hedge,
    /// Evaluative and intensifying words outside quotes per word.
    Evaluative,
    /// Question marks outside quotes, log-scaled (rhetorical questions).
    Question,
    /// Exclamation marks outside quotes, log-scaled.
    Exclamation,
    /// Numbers, years and percentages per word (reported figures).
    Numbers,
    /// `ln(1 + words)`.
    Length,
    /// Relative position among the document's content paragraphs, 0 for
    /// the first and 1 for the last (Webis editorials end on opinion).
    /// Unknown for lone paragraphs and sentences: see [`Position`].
    Position,
    /// 1 for the first content paragraph.
    First,
    /// 1 for the last content paragraph.
    Last,
    /// Positive-polarity words per word, outside a negation scope. Quoted
    /// words count (as for every polarity feature).
    Positive,
    /// Negative-polarity words per word, outside a negation scope.
    Negative,
    /// Positive words inside a negation scope per word (`not good`,
    /// `hardly a success`).
    NegatedPositive,
    /// Negative words inside a negation scope per word (`not bad at all`).
    NegatedNegative,
    /// Polar words right after an intensifier (`very good`, `deeply
    /// troubling`) per word.
    Intensified,
    /// Pattern lexicon subjectivity of the words outside quotes, per word
    /// (learnt per stem at training time: [`crate::features::lexicon`]).
    Subjectivity,
    /// Pattern lexicon absolute polarity of the words outside quotes, per word.
    PolarityStrength,
    /// VADER positive valence per word (a negation mark flips a word's sign).
    ValencePositive,
    /// VADER negative valence per word.
    ValenceNegative,
}

impl DenseFeature {
    /// Every feature, in a fixed order.
    pub const ALL: [DenseFeature; 11] = [
        DenseFeature::QuoteShare,
        DenseFeature::OpensWithQuote,
        DenseFeature::Attribution,
        DenseFeature::FirstPerson,
        DenseFeature::SecondPerson,
        DenseFeature::Hedge,
        DenseFeature::Evaluative,
        DenseFeature::Question,
        DenseFeature::Exclamation,
        DenseFeature::Numbers,
        DenseFeature::Length,
    ];

    /// The polarity lexicon features, for the sentiment head.
    pub const POLARITY: [DenseFeature; 5] = [
        DenseFeature::Positive,
        DenseFeature::Negative,
        DenseFeature::NegatedPositive,
        DenseFeature::NegatedNegative,
        DenseFeature::Intensified,
    ];

    /// Where the paragraph sits in its document (see [`Position`]).
    pub const POSITION: [DenseFeature; 3] = [
        DenseFeature::Position,
        DenseFeature::First,
        DenseFeature::Last,
    ];

    /// The features read from public lexicons' per-stem scores (the model
    /// stores them; training needs `--lexicons DIR`).
    pub const LEXICON: [DenseFeature; 4] = [
        DenseFeature::Subjectivity,
        DenseFeature::PolarityStrength,
        DenseFeature::ValencePositive,
        DenseFeature::ValenceNegative,
    ];

    /// Every feature a model can name: [`DenseFeature::ALL`] (the default)
    /// followed by [`DenseFeature::POLARITY`], [`DenseFeature::POSITION`]
    /// and [`DenseFeature::LEXICON`].
    pub const EVERY: [DenseFeature; 23] = {
        let mut every = [DenseFeature::QuoteShare; 23];
        let mut i = 0;
        while i < 23 {
            every[i] = match i {
                0..11 => Self::ALL[i],
                11..16 => Self::POLARITY[i - 11],
                16..19 => Self::POSITION[i - 16],
                _ => Self::LEXICON[i - 19],
            };
            i += 1;
        }
        every
    };

    /// The feature of this name, if any (see [`DenseFeature::name`]).
    pub fn from_name(name: &str) -> Option<DenseFeature> {
        DenseFeature::EVERY.into_iter().find(|f| f.name() == name)
    }

    /// The feature's name, as in the model file and `stance explain`.
    pub fn name(self) -> &'static str {
        match self {
            DenseFeature::QuoteShare => "quote_share",
            DenseFeature::OpensWithQuote => "opens_with_quote",
            DenseFeature::Attribution => "attribution",
            DenseFeature::FirstPerson => "first_person",
            DenseFeature::SecondPerson => "second_person",
            DenseFeature::Hedge => "hedge",
            DenseFeature::Evaluative => "evaluative",
            DenseFeature::Question => "question",
            DenseFeature::Exclamation => "exclamation",
            DenseFeature::Numbers => "numbers",
            DenseFeature::Length => "length",
            DenseFeature::Positive => "positive",
            DenseFeature::Negative => "negative",
            DenseFeature::NegatedPositive => "negated_positive",
            DenseFeature::NegatedNegative => "negated_negative",
            DenseFeature::Intensified => "intensified",
            DenseFeature::Position => "position",
            DenseFeature::First => "first",
            DenseFeature::Last => "last",
            DenseFeature::Subjectivity => "subjectivity",
            DenseFeature::PolarityStrength => "polarity_strength",
            DenseFeature::ValencePositive => "valence_positive",
            DenseFeature::ValenceNegative => "valence_negative",
        }
    }
}

const ATTRIBUTION: &[&str] = &[
    "said",
    "say",
    "says",
    "told",
    "tell",
    "according",
    "added",
    "stated",
    "announced",
    "wrote",
    "asked",
    "explained",
    "insisted",
    "noted",
    "claimed",
    "argued",
    "warned",
    "declared",
    "replied",
    "recalled",
    "acknowledged",
    "admitted",
    "confirmed",
    "reported",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "statement",
    "quoted",
    "interview",
];
const FIRST_PERSON: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "i'm",
    "i've",
    "i'd",
    "i'll",
    "we're",
    "we've",
    "we'll",
    "let's",
];
const SECOND_PERSON: &[&str] = &[
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "you're",
    "you've",
    "you'll",
];
const HEDGE: &[&str] = &[
    "should",
    "must",
    "ought",
    "might",
    "may",
    "could",
    "would",
    "perhaps",
    "probably",
    "likely",
    "surely",
    "clearly",
    "obviously",
    "seems",
    "seem",
    "think",
    "believe",
    "doubt",
    "suspect",
    "hope",
    "wish",
    "frankly",
    "honestly",
    "arguably",
    "apparently",
    "maybe",
    "need",
    "needs",
];
/// Evaluative and intensifying words (also a cue of the writer's own voice
/// for lead-in detection).
pub const EVALUATIVE: &[&str] = &[
    "very",
    "really",
    "truly",
    "utterly",
    "absolutely",
    "totally",
    "extremely",
    "incredibly",
    "outstanding",
    "excellent",
    "great",
    "brilliant",
    "wonderful",
    "amazing",
    "awesome",
    "good",
    "bad",
    "terrible",
    "awful",
    "horrible",
    "disgraceful",
    "disgrace",
    "shameful",
    "shame",
    "ridiculous",
    "absurd",
    "stupid",
    "foolish",
    "pathetic",
    "disastrous",
    "disaster",
    "outrageous",
    "outrage",
    "scandal",
    "scandalous",
    "incompetent",
    "best",
    "worst",
    "better",
    "worse",
    "nonsense",
    "mistake",
    "wrong",
    "right",
    "deserve",
    "deserves",
    "fail",
    "failure",
    "hypocrisy",
    "hypocrite",
    "sadly",
    "unfortunately",
    "fortunately",
    "thankfully",
    "love",
    "hate",
    "sick",
    "tired",
];

/// Words that carry positive polarity in news, politics, business, sports
/// and culture (our own list; stemmed like the text, so one form per family
/// is usually enough). Words whose stem collides with a neutral word
/// (`remarkable` → `remark`, `effective` → `effect`, `exceptional` →
/// `except`, `united` → `unit`, `useful` → `use`, `lively` → `live`) and
/// words whose polarity depends on what rises or falls (`rise`, `surge`,
/// `soar`) are left out.
const POSITIVE: &str = "\
    gain gains gained win wins winning won winner victory victorious triumph triumphant \
    success successful successfully succeed succeeded thrive thriving flourish prosper \
    prosperity prosperous boost boosted benefit benefits beneficial progress improve \
    improved improvement improvements recover recovery rebound rebounded revive revival \
    restore restored breakthrough achieve achieved achievement accomplish accomplishment \
    milestone landmark praise praised applaud applauded hail hailed commend commended \
    welcome welcomed celebrate celebrated celebration cheer cheered honour honor honoured \
    honored hero heroes heroic champion champions acclaim acclaimed endorse endorsed \
    endorsement admire admired admiration respected beloved adore adored \
    relief relieved hope hopeful hopes optimism optimistic confident confidence \
    reliable stable stability strong strength strengthen strengthened robust solid \
    healthy safe safer peace peaceful calm harmony reconcile reconciliation freedom \
    rescue rescued save saved cure cured heal healed healing generous generosity \
    compassion compassionate courage courageous brave bravery resilient resilience \
    honest honesty fair fairness inspire inspired inspiring inspiration empower \
    happy happiness joy joyful delight delighted delightful pleased glad proud pride \
    excited exciting thrilled thrilling grateful gratitude thank thanks thankful \
    congratulate congratulations bless blessed lucky fortunate love loved lovely enjoy \
    enjoyed enjoyable fun smile smiling laugh laughter \
    good great better best excellent superb outstanding brilliant wonderful amazing \
    fantastic terrific marvellous marvelous splendid impressive impressed extraordinary \
    incredible stellar spectacular magnificent stunning dazzling masterpiece \
    perfect ideal pleasant comfortable beautiful gorgeous elegant charming charm \
    delicious exquisite vibrant refreshing innovative innovation clever \
    smart wise talented gifted skilled skilful skillful creative valuable worthy \
    affordable efficient efficiency reward rewarding rewarded \
    profit profits profitable surplus rally rallied upbeat bullish upgrade upgraded \
    outperform outperformed boom booming upturn upswing windfall boon bonanza growth \
    opportunity opportunities promising bright brighter positive favourite favorite \
    unbeaten undefeated comeback clinch clinched \
    medal award awarded prize \
    ease eased easing \
    ";

/// Words that carry negative polarity, same registers and same care over
/// stem collisions (`declined to comment`, `expense`, `cost` are left out).
const NEGATIVE: &str = "\
    loss losses lose losing lost defeat defeated fail failed failing failure failures \
    crisis crises scandal scandals collapse collapsed slump slumped plunge plunged tumble \
    tumbled crash crashed sink sank downturn slowdown recession stagnation stagnant weak \
    weaken weakened weakness shortage shortfall deficit bankrupt bankruptcy unemployment \
    jobless layoffs layoff downgrade downgraded underperform bearish struggle struggling \
    struggled trouble troubled troubling problem problems difficult difficulty hardship \
    poverty poor hunger hungry famine homeless \
    kill killed killing killings dead death deaths die died dying deadly fatal murder \
    murdered massacre slaughter attack attacked attacks assault assaulted violence \
    violent war wars bomb bombing bombed explosion terror terrorism terrorist terrorists \
    shooting gunman hostage kidnap kidnapped riot riots unrest chaos chaotic turmoil \
    clash clashes casualties injure injured injury injuries wound wounded victim victims \
    threat threats threaten threatened danger dangerous risky fear fears feared afraid \
    worry worried worries worrying concern concerns concerned alarm alarming panic \
    anxious anxiety stress stressful uncertain uncertainty grim bleak dire gloomy gloom \
    pessimistic pessimism \
    condemn condemned condemnation denounce denounced criticise criticize criticised \
    criticized criticism blame blamed accuse accused accusation accusations alleged \
    indicted indictment convicted guilty arrest arrested jail jailed prison lawsuit \
    corrupt corruption fraud bribery bribe abuse abused harass harassment \
    misconduct negligence betray betrayal exploit exploitation manipulate smear \
    backlash controversy controversial outrage outraged outrageous anger angry \
    angered furious fury rage hate hatred hostile hostility bitter dispute feud tension \
    tensions reject rejected resign resigned resignation ousted sacked impeach impeached \
    crackdown repression oppression oppressive authoritarian dictator tyranny \
    censorship propaganda extremist racist racism sexist bigotry discrimination \
    deadlock gridlock stalemate paralysis \
    disaster disasters disastrous catastrophe catastrophic tragedy tragic accident \
    flood flooding drought wildfire earthquake destroy destroyed destruction damage \
    damaged devastate devastated devastating devastation ruin ruined wreck wrecked \
    disease illness ill sick outbreak infection infected pain painful suffer suffered \
    suffering hurt harm harmful toxic poison poisoned \
    bad worse worst terrible awful horrible horrific dreadful appalling shocking shock \
    shocked disgusting disgust disgrace disgraceful shame shameful embarrassing \
    embarrassment humiliating humiliation ridiculous absurd stupid foolish pathetic \
    incompetent incompetence inept useless pointless worthless flaw flawed mistake \
    mistakes error errors blunder wrong unfair unjust injustice illegal unlawful \
    dishonest lie lies lied liar deceive deception misleading false fake hypocrisy \
    hypocrite arrogant arrogance greed greedy cruel cruelty brutal brutality vicious \
    savage evil sinister menace nasty ugly boring dull mediocre disappoint disappointing \
    disappointed disappointment frustrated frustrating frustration upset sad sadly \
    sadness grief grieving mourn mourning lonely depressed depression miserable misery \
    dismal woeful abysmal sloppy relegation relegated \
    ";

/// Intensifiers: a polar word right after one of these is `intensified`.
/// (`badly`, `greatly`, `strongly`, `terribly`, `incredibly` and `bitterly`
/// stem to polar words, so they are left out.)
const INTENSIFIERS: &str = "\
    very so too such extremely utterly deeply highly really truly absolutely totally \
    completely entirely hugely immensely enormously especially most quite \
    sharply heavily thoroughly genuinely super ultra";

/// Negators the extractor itself scopes when the analyzer does not mark
/// negation (the analyzer's own list, before stemming).
const NEGATORS: &str = "not no never nor neither nobody nothing none without cannot";

/// Downtoners that negate the next few words like `not` does ("hardly a
/// success", "barely good enough"). Matched on the stem *and* the source
/// length, since Snowball folds `hardly` into `hard` and `barely` into `bare`.
const DOWNTONERS: [&str; 3] = ["hardly", "barely", "scarcely"];

/// Stemmed word lists for the lexical features, built once per model with
/// the model's own analyzer settings: one map from term to a bit per list,
/// so each token costs one lookup.
#[derive(Debug, Clone)]
pub struct Lexicons {
    lists: FxHashMap<String, u16>,
    /// [`DOWNTONERS`] as (stem, byte length of the unstemmed word).
    downtoners: Vec<(String, usize)>,
    /// Whether the analyzer marks negation itself (`not_` prefixes); when
    /// it does not, the extractor scopes [`NEGATORS`] on its own.
    marked: bool,
}

const ATTRIBUTION_BIT: u16 = 1;
const FIRST_PERSON_BIT: u16 = 2;
const SECOND_PERSON_BIT: u16 = 4;
const HEDGE_BIT: u16 = 8;
const EVALUATIVE_BIT: u16 = 16;
const POSITIVE_BIT: u16 = 32;
const NEGATIVE_BIT: u16 = 64;
const INTENSIFIER_BIT: u16 = 128;
const NEGATOR_BIT: u16 = 256;
/// The stem of a downtoner (`hardly` → `hard`): checked further by length.
const DOWNTONER_BIT: u16 = 512;

/// How many words a negation opened by the extractor reaches (the
/// analyzer's own scope).
const NEGATION_SCOPE: usize = 4;

impl Lexicons {
    /// Normalises the built-in word lists the way `config` normalises text.
    pub fn new(config: &AnalyzerConfig) -> Self {
        let stem = config.stemmer.map(Stem::new);
        let normalise = |w: &str| stem.as_ref().map_or_else(|| w.to_string(), |s| s.word(w));
        let mut lists: FxHashMap<String, u16> = FxHashMap::default();
        for (words, bit) in [
            (ATTRIBUTION, ATTRIBUTION_BIT),
            (FIRST_PERSON, FIRST_PERSON_BIT),
            (SECOND_PERSON, SECOND_PERSON_BIT),
            (HEDGE, HEDGE_BIT),
            (EVALUATIVE, EVALUATIVE_BIT),
        ] {
            for w in words {
                *lists.entry(normalise(w)).or_insert(0) |= bit;
            }
        }
        for (words, bit) in [
            (POSITIVE, POSITIVE_BIT),
            (NEGATIVE, NEGATIVE_BIT),
            (INTENSIFIERS, INTENSIFIER_BIT),
            (NEGATORS, NEGATOR_BIT),
        ] {
            for w in words.split_whitespace() {
                *lists.entry(normalise(w)).or_insert(0) |= bit;
            }
        }
        let downtoners: Vec<(String, usize)> =
            DOWNTONERS.iter().map(|w| (normalise(w), w.len())).collect();
        for (stem, _) in &downtoners {
            *lists.entry(stem.clone()).or_insert(0) |= DOWNTONER_BIT;
        }
        Lexicons {
            lists,
            downtoners,
            marked: config.negation,
        }
    }

    /// Raw (unscaled) values of `features` for one analysed paragraph.
    pub fn extract(&self, tokens: &[Token], features: &[DenseFeature], out: &mut Vec<f64>) {
        self.extract_with(tokens, &self.bits(tokens), features, out);
    }

    /// Each token's lexicon memberships (a bit per list; 0 for numbers and
    /// punctuation). Negation marks are ignored, so the bits of base tokens
    /// serve a head that marks negation too: a tagger with two heads looks
    /// each word up once.
    pub fn bits(&self, tokens: &[Token]) -> Vec<u16> {
        tokens
            .iter()
            .map(|t| match t.kind {
                TokenKind::Word | TokenKind::Url => {
                    self.bits_of(t.term.strip_prefix(NEG_PREFIX).unwrap_or(&t.term))
                }
                TokenKind::Number | TokenKind::Punct => 0,
            })
            .collect()
    }

    /// The list bits of a word's term (without a negation mark).
    pub fn bits_of(&self, term: &str) -> u16 {
        self.lists.get(term).copied().unwrap_or(0)
    }

    /// Every term of the word lists.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.lists.keys().map(String::as_str)
    }

    /// [`Lexicons::extract`] with the tokens' [`Lexicons::bits`] given.
    pub fn extract_with(
        &self,
        tokens: &[Token],
        bits: &[u16],
        features: &[DenseFeature],
        out: &mut Vec<f64>,
    ) {
        // Negation scopes only matter to the polarity features; the stance
        // head skips that bookkeeping.
        let polarity = features.iter().any(|f| DenseFeature::POLARITY.contains(f));
        let mut words = 0usize;
        let mut quoted = 0usize;
        let (mut attribution, mut first, mut second, mut hedge, mut eval) = (0, 0, 0, 0, 0);
        let (mut questions, mut exclamations, mut numbers) = (0, 0, 0);
        let (mut positive, mut negative, mut neg_positive, mut neg_negative) = (0, 0, 0, 0);
        let mut intensified = 0;
        // A negation scope opened here (downtoners, `far from`, and negators
        // when the analyzer does not mark them): words it still reaches.
        let mut scope = 0usize;
        let mut last_end: Option<usize> = None;
        let (mut after_intensifier, mut after_far) = (false, false);
        for (t, &bits) in tokens.iter().zip(bits) {
            // The text is white-space folded, so more than one byte between
            // two tokens is dropped punctuation (`,` `.` `;` dashes,
            // brackets), which ends a scope as in the analyzer.
            if last_end.is_some_and(|end| t.from > end + 1) {
                scope = 0;
            }
            last_end = Some(t.to);
            match t.kind {
                TokenKind::Punct => {
                    scope = 0;
                    (after_intensifier, after_far) = (false, false);
                    if !t.quoted {
                        match t.term.as_str() {
                            "?" => questions += 1,
                            "!" => exclamations += 1,
                            _ => {}
                        }
                    }
                    if t.term == "%" {
                        numbers += 1;
                    }
                }
                TokenKind::Number => {
                    (after_intensifier, after_far) = (false, false);
                    words += 1;
                    numbers += 1;
                    quoted += t.quoted as usize;
                }
                TokenKind::Word | TokenKind::Url => {
                    words += 1;
                    let unmarked = t.term.strip_prefix(NEG_PREFIX);
                    let term = unmarked.unwrap_or(&t.term);
                    if t.quoted {
                        quoted += 1;
                    } else {
                        attribution += (bits & ATTRIBUTION_BIT != 0) as usize;
                        first += (bits & FIRST_PERSON_BIT != 0) as usize;
                        second += (bits & SECOND_PERSON_BIT != 0) as usize;
                        hedge += (bits & HEDGE_BIT != 0) as usize;
                        eval += (bits & EVALUATIVE_BIT != 0) as usize;
                    }
                    // Unlike the stance lexicons, polarity words inside
                    // quotation marks count too: sentiment is about what the
                    // paragraph reports, whoever's words carry it ("a
                    // “disaster” for the town" is negative either way),
                    // while the stance features ask whose words they are.
                    if bits & (POSITIVE_BIT | NEGATIVE_BIT) != 0 {
                        let negated = unmarked.is_some() || scope > 0;
                        match (bits & POSITIVE_BIT != 0, negated) {
                            (true, false) => positive += 1,
                            (true, true) => neg_positive += 1,
                            (false, false) => negative += 1,
                            (false, true) => neg_negative += 1,
                        }
                        intensified += after_intensifier as usize;
                    }
                    if !polarity {
                        continue;
                    }
                    let opens = (bits & DOWNTONER_BIT != 0 && self.is_downtoner(term, t))
                        || (after_far && term == "from")
                        || (!self.marked && (bits & NEGATOR_BIT != 0 || term.ends_with("n't")));
                    after_intensifier = bits & INTENSIFIER_BIT != 0;
                    after_far = term == "far";
                    if opens {
                        scope = NEGATION_SCOPE;
                    } else if t.kind == TokenKind::Word {
                        scope = scope.saturating_sub(1);
                    }
                }
            }
        }
        let per_word = |n: usize| {
            if words == 0 {
                0.0
            } else {
                n as f64 / words as f64
            }
        };
        let log = |n: usize| (n as f64).ln_1p();
        for f in features {
            out.push(match f {
                DenseFeature::QuoteShare => per_word(quoted),
                DenseFeature::OpensWithQuote => {
                    tokens.first().is_some_and(|t| t.term == QUOTE_TERM) as u8 as f64
                }
                DenseFeature::Attribution => log(attribution),
                DenseFeature::FirstPerson => per_word(first),
                DenseFeature::SecondPerson => per_word(second),
                DenseFeature::Hedge => per_word(hedge),
                DenseFeature::Evaluative => per_word(eval),
                DenseFeature::Question => log(questions),
                DenseFeature::Exclamation => log(exclamations),
                DenseFeature::Numbers => per_word(numbers),
                DenseFeature::Length => log(words),
                DenseFeature::Positive => per_word(positive),
                DenseFeature::Negative => per_word(negative),
                DenseFeature::NegatedPositive => per_word(neg_positive),
                DenseFeature::NegatedNegative => per_word(neg_negative),
                DenseFeature::Intensified => per_word(intensified),
                // Filled in by `Position::fill` when the position is known.
                DenseFeature::Position | DenseFeature::First | DenseFeature::Last => f64::NAN,
                // Filled in by the featurizer from the model's lexicon scores.
                DenseFeature::Subjectivity
                | DenseFeature::PolarityStrength
                | DenseFeature::ValencePositive
                | DenseFeature::ValenceNegative => 0.0,
            });
        }
    }

    /// Whether `t` (whose term, without a `not_` prefix, is `term`) is one
    /// of [`DOWNTONERS`]: its stem, from a word of the downtoner's length.
    fn is_downtoner(&self, term: &str, t: &Token) -> bool {
        self.downtoners
            .iter()
            .any(|(stem, len)| stem == term && t.to - t.from == *len)
    }
}

/// Where a paragraph sits among its document's content paragraphs.
///
/// Known when tagging a document and for corpora of whole documents
/// (Webis); unknown for lone paragraphs (our labelled data) and sentence
/// corpora. Unknown values are left as NaN: the scaler fits on the known
/// rows only and puts unknown ones at the training mean (0 after scaling),
/// so they add nothing to the score and the weights are learnt from the
/// documents that have positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 0-based index among the content paragraphs.
    pub index: usize,
    /// Number of content paragraphs.
    pub count: usize,
}

impl Position {
    /// Writes the position features of `features` into `out` (the raw row
    /// [`Lexicons::extract`] produced).
    pub fn fill(position: Option<Position>, features: &[DenseFeature], out: &mut [f64]) {
        let Some(p) = position else { return };
        let last = p.count.saturating_sub(1);
        for (f, v) in features.iter().zip(out.iter_mut()) {
            *v = match f {
                DenseFeature::Position if last > 0 => p.index.min(last) as f64 / last as f64,
                DenseFeature::Position => 0.0,
                DenseFeature::First => (p.index == 0) as u8 as f64,
                DenseFeature::Last => (p.index >= last) as u8 as f64,
                _ => continue,
            };
        }
    }
}

/// Standardisation of dense features, fitted on training rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DenseScaler {
    /// Features in column order.
    pub features: Vec<DenseFeature>,
    /// Training mean of each feature.
    pub mean: Vec<f64>,
    /// Training standard deviation of each feature (1 where it was 0).
    pub scale: Vec<f64>,
}

impl DenseScaler {
    /// Fits mean and deviation over raw rows (each of `features.len()`
    /// values), skipping unknown (NaN) values.
    pub fn fit(features: &[DenseFeature], rows: &[Vec<f64>]) -> Self {
        let d = features.len();
        let mut n = vec![0usize; d];
        let mut sum = vec![0.0; d];
        for r in rows {
            for ((c, s), v) in n.iter_mut().zip(sum.iter_mut()).zip(r) {
                if !v.is_nan() {
                    *c += 1;
                    *s += v;
                }
            }
        }
        let mean: Vec<f64> = sum
            .iter()
            .zip(&n)
            .map(|(s, &c)| if c > 0 { s / c as f64 } else { 0.0 })
            .collect();
        let mut var = vec![0.0; d];
        for r in rows {
            for ((s, v), m) in var.iter_mut().zip(r).zip(&mean) {
                if !v.is_nan() {
                    *s += (v - m) * (v - m);
                }
            }
        }
        let scale = var
            .into_iter()
            .zip(&n)
            .map(|(v, &c)| {
                let v = v / c.max(1) as f64;
                if v > 1e-12 {
                    v.sqrt()
                } else {
                    1.0
                }
            })
            .collect();
        DenseScaler {
            features: features.to_vec(),
            mean,
            scale,
        }
    }

    /// Standardises one raw row in place; unknown values become 0, the
    /// training mean.
    pub fn apply(&self, row: &mut [f64]) {
        for ((v, m), s) in row.iter_mut().zip(&self.mean).zip(&self.scale) {
            *v = if v.is_nan() { 0.0 } else { (*v - m) / s };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Analyzer;

    /// The default (stance) features' raw values: ALL is a prefix of EVERY.
    fn values(text: &str) -> Vec<f64> {
        let mut v = every(text, false);
        v.truncate(DenseFeature::ALL.len());
        v
    }

    fn get(v: &[f64], f: DenseFeature) -> f64 {
        v[DenseFeature::ALL.iter().position(|&x| x == f).unwrap()]
    }

    #[test]
    fn quotation_features() {
        let v = values("“We will not close a single route,” the director said.");
        assert!((get(&v, DenseFeature::QuoteShare) - 7.0 / 10.0).abs() < 1e-12);
        assert_eq!(get(&v, DenseFeature::OpensWithQuote), 1.0);
        assert_eq!(get(&v, DenseFeature::Attribution), 2f64.ln());
        // "We" is inside the quote: not the writer's first person.
        assert_eq!(get(&v, DenseFeature::FirstPerson), 0.0);
    }

    #[test]
    fn opinion_features() {
        let v = values("I think we must act. Isn't it obvious? You know it is outrageous!");
        assert!(get(&v, DenseFeature::FirstPerson) > 0.1);
        assert!(get(&v, DenseFeature::SecondPerson) > 0.0);
        assert!(get(&v, DenseFeature::Hedge) > 0.0);
        assert!(get(&v, DenseFeature::Evaluative) > 0.0);
        assert_eq!(get(&v, DenseFeature::Question), 2f64.ln());
        assert_eq!(get(&v, DenseFeature::Exclamation), 2f64.ln());
        assert_eq!(get(&v, DenseFeature::QuoteShare), 0.0);
    }

    #[test]
    fn fact_features() {
        let v = values("The council voted 7-2 on 4 March 2024 to cut 12% of routes.");
        assert!(get(&v, DenseFeature::Numbers) > 0.3);
        assert_eq!(get(&v, DenseFeature::FirstPerson), 0.0);
        assert!((get(&v, DenseFeature::Length) - 14f64.ln_1p()).abs() < 1e-12);
    }

    #[test]
    fn empty_paragraph_is_all_finite() {
        assert!(values("").iter().all(|v| v.is_finite()));
        assert!(values("?!").iter().all(|v| v.is_finite()));
    }

    /// Every feature's raw value, with or without the analyzer's negation
    /// marking.
    fn every(text: &str, negation: bool) -> Vec<f64> {
        let cfg = AnalyzerConfig {
            negation,
            ..AnalyzerConfig::default()
        };
        let a = Analyzer::new(cfg.clone());
        let lex = Lexicons::new(&cfg);
        let mut out = Vec::new();
        lex.extract(&a.analyze(text), &DenseFeature::EVERY, &mut out);
        out
    }

    fn of(v: &[f64], f: DenseFeature) -> f64 {
        v[DenseFeature::EVERY.iter().position(|&x| x == f).unwrap()]
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn default_features_are_the_stance_eleven() {
        let names: Vec<&str> = DenseFeature::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            [
                "quote_share",
                "opens_with_quote",
                "attribution",
                "first_person",
                "second_person",
                "hedge",
                "evaluative",
                "question",
                "exclamation",
                "numbers",
                "length"
            ]
        );
        assert_eq!(DenseFeature::EVERY[..11], DenseFeature::ALL);
        assert_eq!(DenseFeature::EVERY[11..16], DenseFeature::POLARITY);
        assert_eq!(DenseFeature::EVERY[16..19], DenseFeature::POSITION);
        assert_eq!(DenseFeature::EVERY[19..], DenseFeature::LEXICON);
        for f in DenseFeature::EVERY {
            assert_eq!(DenseFeature::from_name(f.name()), Some(f));
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.name()));
        }
        assert_eq!(DenseFeature::from_name("sentiment"), None);
    }

    #[test]
    fn position_is_filled_when_known_and_imputed_when_not() {
        let f = [
            DenseFeature::Length,
            DenseFeature::Position,
            DenseFeature::First,
            DenseFeature::Last,
        ];
        let lex = Lexicons::new(&AnalyzerConfig::default());
        let a = Analyzer::new(AnalyzerConfig::default());
        let row = |pos| {
            let mut out = Vec::new();
            lex.extract(&a.analyze("Three short words"), &f, &mut out);
            Position::fill(pos, &f, &mut out);
            out
        };
        let unknown = row(None);
        assert!((unknown[0] - 4f64.ln()).abs() < 1e-12);
        assert!(unknown[1..].iter().all(|v| v.is_nan()));
        let at = |index, count| row(Some(Position { index, count }))[1..].to_vec();
        assert_eq!(at(0, 5), [0.0, 1.0, 0.0]);
        assert_eq!(at(2, 5), [0.5, 0.0, 0.0]);
        assert_eq!(at(4, 5), [1.0, 0.0, 1.0]);
        assert_eq!(at(0, 1), [0.0, 1.0, 1.0]);

        // The scaler fits on known values and puts unknown ones at the mean.
        let rows = vec![
            row(None),
            row(Some(Position { index: 0, count: 2 })),
            row(Some(Position { index: 1, count: 2 })),
        ];
        let scaler = DenseScaler::fit(&f, &rows);
        assert_eq!(scaler.mean[1], 0.5);
        assert_eq!(scaler.scale[1], 0.5);
        let mut unknown = rows[0].clone();
        scaler.apply(&mut unknown);
        assert_eq!(unknown[1..], [0.0, 0.0, 0.0]);
        let mut last = rows[2].clone();
        scaler.apply(&mut last);
        assert_eq!(last[1..], [1.0, -1.0, 1.0]);
    }

    #[test]
    fn polarity_lists_do_not_overlap_once_stemmed() {
        let lex = Lexicons::new(&AnalyzerConfig::default());
        for (term, bits) in &lex.lists {
            let polar = bits & (POSITIVE_BIT | NEGATIVE_BIT);
            assert_ne!(polar, POSITIVE_BIT | NEGATIVE_BIT, "{term} is both");
            assert!(
                polar == 0 || bits & (INTENSIFIER_BIT | NEGATOR_BIT) == 0,
                "{term} is polar and an intensifier or negator"
            );
        }
        let count = |bit| lex.lists.values().filter(|b| *b & bit != 0).count();
        assert!(count(POSITIVE_BIT) > 150 && count(NEGATIVE_BIT) > 200);
    }

    #[test]
    fn polar_words_per_word() {
        // 11 words (the number counts), 4 positive, one after "very".
        let v = every(
            "Shares gained 12% after a very strong quarter, a welcome relief.",
            true,
        );
        assert!(close(of(&v, DenseFeature::Positive), 4.0 / 11.0));
        assert!(close(of(&v, DenseFeature::Intensified), 1.0 / 11.0));
        assert_eq!(of(&v, DenseFeature::Negative), 0.0);
        assert_eq!(of(&v, DenseFeature::NegatedPositive), 0.0);
        let v = every("The crash killed three people and injured dozens.", true);
        assert!(close(of(&v, DenseFeature::Negative), 3.0 / 8.0));
        assert_eq!(of(&v, DenseFeature::Positive), 0.0);
    }

    #[test]
    fn not_bad_at_all_is_negated_negative() {
        for negation in [true, false] {
            let v = every("The results were not bad at all.", negation);
            assert!(close(of(&v, DenseFeature::NegatedNegative), 1.0 / 7.0));
            assert_eq!(of(&v, DenseFeature::Negative), 0.0);
            let v = every("It isn't a good deal, but a great one.", negation);
            assert!(close(of(&v, DenseFeature::NegatedPositive), 1.0 / 9.0));
            // The comma ends the negation: "great" is plainly positive.
            assert!(close(of(&v, DenseFeature::Positive), 1.0 / 9.0));
        }
    }

    #[test]
    fn downtoners_negate() {
        for negation in [true, false] {
            let v = every(
                "The launch was hardly a success and far from perfect.",
                negation,
            );
            assert!(close(of(&v, DenseFeature::NegatedPositive), 2.0 / 10.0));
            assert_eq!(of(&v, DenseFeature::Positive), 0.0);
            let v = every("Barely a win. A great day", negation);
            assert!(close(of(&v, DenseFeature::NegatedPositive), 1.0 / 6.0));
            assert!(close(of(&v, DenseFeature::Positive), 1.0 / 6.0));
        }
        // "bare" and "hard" share the downtoners' stems but do not negate
        // (without the analyzer's marking, which treats `hard` as `hardly`).
        let v = every("A bare majority, hard work and a clear win", false);
        assert!(close(of(&v, DenseFeature::Positive), 1.0 / 9.0));
        assert_eq!(of(&v, DenseFeature::NegatedPositive), 0.0);
    }

    #[test]
    fn quoted_polar_words_count() {
        let v = every("“It was a disaster,” she said.", true);
        assert!(close(of(&v, DenseFeature::Negative), 1.0 / 6.0));
        // The stance lexicon skips the quoted "disaster".
        assert_eq!(of(&v, DenseFeature::Evaluative), 0.0);
    }

    #[test]
    fn polarity_of_empty_text_is_zero() {
        let v = every("", true);
        assert!(DenseFeature::POLARITY.iter().all(|&f| of(&v, f) == 0.0));
    }

    #[test]
    fn scaler_standardises() {
        let rows = vec![vec![1.0, 5.0], vec![3.0, 5.0]];
        let s = DenseScaler::fit(&[DenseFeature::Length, DenseFeature::Numbers], &rows);
        assert_eq!(s.mean, [2.0, 5.0]);
        assert_eq!(s.scale, [1.0, 1.0]);
        let mut r = vec![3.0, 5.0];
        s.apply(&mut r);
        assert_eq!(r, [1.0, 0.0]);
    }
}
