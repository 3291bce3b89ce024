//! Cue words: our own short word lists, each a cue for one of the labels
//! (LABELS.md) or for the tone of a paragraph: attribution verbs, first-
//! and second-person pronouns, hedges, evaluative words, polar words,
//! intensifiers, negators and downtoners.
//!
//! They are plain, unstemmed lists, read by two stages: `structure/`
//! (lead-ins end where the blogger's own evaluative words return) and
//! `features/dense/`, which stems them with each head's analyzer into
//! [`CueLists`](crate::features::CueLists) for the dense features. They
//! live here, in the analysis stage, so both can import them without
//! reaching into a later stage. (The *lexicons* of this project are the
//! public Pattern and VADER lists, read at training time:
//! `features/lexicon.rs`.)

/// Speech and attribution words (`said`, `according`, `spokesman`).
pub const ATTRIBUTION: &[&str] = &[
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
/// First-person pronouns and their contractions: the writer's own stance
/// (outside quotation marks).
pub const FIRST_PERSON: &[&str] = &[
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
/// Second-person pronouns: addressing the reader.
pub const SECOND_PERSON: &[&str] = &[
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "you're",
    "you've",
    "you'll",
];
/// Modal and hedge words (`should`, `perhaps`, `think`).
pub const HEDGE: &[&str] = &[
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
/// and culture, separated by white space (our own list; stemmed like the
/// text, so one form per family is usually enough). Words whose stem collides with a neutral word
/// (`remarkable` → `remark`, `effective` → `effect`, `exceptional` →
/// `except`, `united` → `unit`, `useful` → `use`, `lively` → `live`) and
/// words whose polarity depends on what rises or falls (`rise`, `surge`,
/// `soar`) are left out.
pub const POSITIVE: &str = "\
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
pub const NEGATIVE: &str = "\
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

/// Intensifiers, separated by white space: a polar word right after one of
/// these is `intensified`.
/// (`badly`, `greatly`, `strongly`, `terribly`, `incredibly` and `bitterly`
/// stem to polar words, so they are left out.)
pub const INTENSIFIERS: &str = "\
    very so too such extremely utterly deeply highly really truly absolutely totally \
    completely entirely hugely immensely enormously especially most quite \
    sharply heavily thoroughly genuinely super ultra";

/// Negators the dense-feature extractor itself scopes when the analyzer
/// does not mark negation (the analyzer's own list, before stemming),
/// separated by white space.
pub const NEGATORS: &str = "not no never nor neither nobody nothing none without cannot";

/// Downtoners that negate the next few words like `not` does ("hardly a
/// success", "barely good enough"). Matched on the stem *and* the source
/// length, since Snowball folds `hardly` into `hard` and `barely` into `bare`.
pub const DOWNTONERS: [&str; 3] = ["hardly", "barely", "scarcely"];
