//! Function words and question filler per language ("how do I", "where can I", "my", "please"):
//! they are dropped from the words that must match, so they never drown the words that matter.
//! They also vote for a short question's language.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use config::Lang;
use searchindex::analysis::fold;

const EN: &str = "a an the my mine our your yours his her hers their its i i'm im me we you he she it they them us is are was were be been being am do does did doing done have has had having how what whats when where wheres who whom whose which why can could would should will shall may might must please pls thanks thank hi hello to of in on at for from with by about into onto than then there here this that these those wasn t s don isn didn doesn aren won ve ll d re m someone somebody something anyone anybody anything everyone every any some all not no as if or and but so just really very also too get got getting want wanted need needed know tell let lets like way ok okay";
const ES: &str = "el la los las un una unos unas lo le les de del al a en y e o u que qué quien quién quienes quiénes cómo como cuándo cuando dónde donde adónde cuál cual cuáles por para con sin sobre mi mis mí tu tus su sus me te se nos es son está están estoy esta este esto estos estas ese esa eso hay ser fue era muy más pero si sí no puedo puede pueden quiero quisiera necesito hacer hago tengo tiene favor gracias hola ya también alguien algo";
const VI: &str = "tôi toi của cua là la và va có co không khong cho với voi ở o tại tai được duoc bị bi như nhu thế the nào nao làm lam sao ai gì gi đâu dau khi một mot những nhung các cac này nay đó do ạ a xin vui lòng long hãy hay mình minh em anh chị chi bạn ban thì thi mà ma để de về ve";
const ZH: &str = "的 了 我 我的 我们 你 您 你的 他 她 它 是 在 有 和 与 或 吗 呢 吧 啊 呀 怎么 怎样 如何 什么 哪里 哪儿 谁 被 把 要 想 可以 能 请 没有 没 不 这 那 个 一个 就 都 也 还 给 让 到";
const RU: &str = "я мой моя моё мое мои моего моей меня мне мы наш наша наши в во на с со к ко по о об от до из за для и или но а что кто как где когда почему зачем это этот эта эти не ли бы же можно нужно надо хочу хотел пожалуйста у есть был была были мне";
const UK: &str = "я мій моя моє мої мого моєї мене мені ми наш наша наші в у на з зі до по про від для і й або але а що хто як де коли чому навіщо це цей ця ці не чи б би же можна треба потрібно хочу будь ласка є був була були";
const SO: &str = "iyo waa ayaa oo ee ku ka u la loo waxaa waxa haddii sida ama kale laga lagu uu ay aad ugu kasta kuwa fadlan ah si aan wax kala ilaa sidoo saabsan maxaa sidee xagee goorma yaa waan";
const RO: &str = "și si în in la de din pe cu un o ale al a este sunt care ce cum unde când cand cine meu mea mei mele vă va nu să sa se pentru vreau pot";
const FIL: &str = "ang ng sa mga ay na at si ni ako ko ikaw mo siya niya kami tayo sila nila ano paano saan kailan sino bakit po ba naman lang";

fn list(tag: &str) -> &'static str {
    match tag {
        "en" => EN,
        "es" => ES,
        "vi" => VI,
        "zh-hans" | "zh-hant" => ZH,
        "ru" => RU,
        "uk" => UK,
        "so" => SO,
        "ro" => RO,
        "fil" => FIL,
        _ => "",
    }
}

/// Each language's filler words, folded.
static FOLDED: LazyLock<HashMap<&'static str, HashSet<String>>> = LazyLock::new(|| {
    [
        "en", "es", "vi", "zh-hans", "zh-hant", "ru", "uk", "so", "ro", "fil",
    ]
    .into_iter()
    .map(|tag| (tag, list(tag).split(' ').map(fold).collect()))
    .collect()
});

/// Whether `word` is filler in `lang` or in English (questions often mix them). Compared folded,
/// so an unaccented `cua` is as much filler as `của`.
pub fn is_filler(word: &str, lang: Lang) -> bool {
    let folded = fold(word);
    [lang.tag, "en"]
        .iter()
        .any(|tag| FOLDED.get(tag).is_some_and(|set| set.contains(&folded)))
}

/// The language whose function words a question uses most, among `candidates`; `None` on a tie
/// or when no function word is present.
pub fn vote(query: &str, candidates: &[&str]) -> Option<Lang> {
    let words: Vec<String> = query
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    let mut best: Option<(&str, usize)> = None;
    let mut tie = false;
    for tag in candidates {
        let n = words
            .iter()
            .filter(|w| list(tag).split(' ').any(|s| s == w.as_str()))
            .count();
        match best {
            _ if n == 0 => {}
            Some((_, m)) if n == m => tie = true,
            Some((_, m)) if n < m => {}
            _ => {
                best = Some((tag, n));
                tie = false;
            }
        }
    }
    if tie {
        None
    } else {
        best.and_then(|(tag, _)| Lang::by_tag(tag))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_words_are_filler_and_topic_words_are_not() {
        let en = Lang::ENGLISH;
        for w in ["how", "do", "I", "my", "please", "where", "can"] {
            assert!(is_filler(w, en), "{w}");
        }
        for w in ["trash", "permit", "report", "fire"] {
            assert!(!is_filler(w, en), "{w}");
        }
    }

    #[test]
    fn unaccented_vietnamese_filler_is_still_filler() {
        let vi = Lang::by_tag("vi").unwrap();
        assert!(is_filler("cua", vi));
        assert!(is_filler("của", vi));
        assert!(!is_filler("rác", vi));
    }

    #[test]
    fn votes_by_function_words() {
        assert_eq!(
            vote("coche abandonado en mi calle", &["en", "es"]).map(|l| l.tag),
            Some("es")
        );
        assert_eq!(
            vote("car parked on my street", &["en", "es"]).map(|l| l.tag),
            Some("en")
        );
        assert_eq!(vote("graffiti", &["en", "es"]), None);
    }
}
