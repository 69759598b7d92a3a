//! Function words per language: the articles, pronouns, prepositions, auxiliaries and question
//! words ("how do I", "where can I", "my", "please") that say little about a topic. The engine
//! drops them from the words a result must match, and they vote for the language of a short
//! question; language detection recognises Somali, which whatlang lacks, by a share of them.
//! Each list is written in the language's usual spelling, lowercase, and partly also without
//! accents where residents often type it that way.

const EN: &str = "a an the my mine our your yours his her hers their its i i'm im me we you he she it they them us is are was were be been being am do does did doing done have has had having how what whats when where wheres who whom whose which why can could would should will shall may might must please pls thanks thank hi hello to of in on at for from with by about into onto than then there here this that these those wasn t s don isn didn doesn aren won ve ll d re m wasnt dont wont isnt didnt doesnt arent cant couldnt wouldnt shouldnt hasnt havent werent youre theyre thats someone somebody something anyone anybody anything everyone every any some all not no as if or and but so just really very also too get got getting want wanted need needed know tell let lets like way ok okay";
const ES: &str = "el la los las un una unos unas lo le les de del al a en y e o u que qué quien quién quienes quiénes cómo como cuándo cuando dónde donde adónde cuál cual cuáles por para con sin sobre mi mis mí tu tus su sus me te se nos es son está están estoy esta este esto estos estas ese esa eso hay ser fue era muy más pero si sí no puedo puede pueden quiero quisiera necesito hacer hago tengo tiene favor gracias hola ya también alguien algo";
const VI: &str = "tôi toi của cua là la và va có co không khong cho với voi ở o tại tai được duoc bị bi như nhu thế the nào nao làm lam sao ai gì gi đâu dau khi một mot những nhung các cac này nay đó do ạ a xin vui lòng long hãy hay mình minh em anh chị chi bạn ban thì thi mà ma để de về ve";
const ZH: &str = "的 了 我 我的 我们 你 您 你的 他 她 它 是 在 有 和 与 或 吗 呢 吧 啊 呀 怎么 怎样 如何 什么 哪里 哪儿 谁 被 把 要 想 可以 能 请 没有 没 不 这 那 个 一个 就 都 也 还 给 让 到";
const RU: &str = "я мой моя моё мое мои моего моей меня мне мы наш наша наши в во на с со к ко по о об от до из за для и или но а та что кто как где когда почему зачем это этот эта эти не ли бы же можно нужно надо хочу хотел пожалуйста у есть был была были мне";
const UK: &str = "я мій моя моє мої мого моєї мене мені ми наш наша наші в у на з зі до по про від для і й та або але а що хто як де коли чому навіщо це цей ця ці не чи б би же можна треба потрібно хочу будь ласка є був була були";
const SO: &str = "iyo waa ayaa oo ee ku ka u la loo waxaa waxa haddii sida ama kale laga lagu uu ay aad ugu kasta kuwa fadlan ah si aan wax kala ilaa sidoo saabsan maxaa sidee xagee goorma yaa waan";
const RO: &str = "și si în in la de din pe cu un o ale al a este sunt care ce cum unde când cand cine meu mea mei mele vă va nu să sa se pentru vreau pot";
const FIL: &str = "ang ng sa mga ay na at si ni ako ko ikaw mo siya niya kami tayo sila nila ano paano saan kailan sino bakit po ba naman lang";

/// The function words of the language with tag `tag`, space-separated; `""` for a language
/// without a list (the lists cover en, es, vi, zh-hans, zh-hant, ru, uk, so, ro and fil).
pub fn function_words(tag: &str) -> &'static str {
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
