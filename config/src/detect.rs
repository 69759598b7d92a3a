//! Recognising the city's languages in text: whatlang limited to them, with Somali and Lao
//! (which whatlang lacks or confuses) recognised by their own signs.

use whatlang::{Detector, Lang as W};

use crate::{Lang, Script};

/// The city language `text` is written in, from the text alone (no markup, no URL), judged on
/// its first 4 000 characters: Lao when more than half its letters are Lao; Somali when at least
/// 15% of its words, and 3 different ones, are Somali function words ([`crate::words`]);
/// otherwise whatlang's guess among the other languages it knows, Chinese told Simplified or
/// Traditional by characters that differ between the two. `None` for fewer than 12 letters,
/// when whatlang names no language, and for Chuukese, which no rule here recognises.
pub fn detect_text(text: &str) -> Option<Lang> {
    detect_text_confidence(text).map(|(lang, _)| lang)
}

/// [`detect_text`] with how sure it is, 0.0 to 1.0: 1.0 for Lao and Somali (recognised by their
/// own signs), else whatlang's confidence, which is low on a few words of a language it shares
/// letter sequences with (three English words can read as Romanian).
pub fn detect_text_confidence(text: &str) -> Option<(Lang, f64)> {
    let sample: String = text.chars().take(4000).collect();
    if sample.chars().filter(|c| c.is_alphabetic()).count() < 12 {
        return None;
    }
    if looks_lao(&sample) {
        return Lang::by_tag("lo").map(|l| (l, 1.0));
    }
    if looks_somali(&sample) {
        return Lang::by_tag("so").map(|l| (l, 1.0));
    }
    let detector = Detector::with_allowlist(vec![
        W::Eng,
        W::Spa,
        W::Vie,
        W::Cmn,
        W::Rus,
        W::Ukr,
        W::Ara,
        W::Jpn,
        W::Kor,
        W::Ron,
        W::Nep,
        W::Khm,
        W::Tgl,
    ]);
    let info = detector.detect(&sample)?;
    let tag = match info.lang() {
        W::Eng => "en",
        W::Spa => "es",
        W::Vie => "vi",
        W::Cmn => chinese_script(&sample),
        W::Rus => "ru",
        W::Ukr => "uk",
        W::Ara => "ar",
        W::Jpn => "ja",
        W::Kor => "ko",
        W::Ron => "ro",
        W::Nep => "ne",
        W::Khm => "km",
        W::Tgl => "fil",
        _ => return None,
    };
    Lang::by_tag(tag).map(|l| (l, info.confidence()))
}

fn looks_lao(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let lao = text
        .chars()
        .filter(|c| Script::of(*c) == Script::Lao)
        .count();
    lao * 2 > letters
}

/// whatlang has no Somali: a share of Somali function words decides it.
fn looks_somali(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    if words.len() < 5 {
        return false;
    }
    let somali: Vec<&str> = crate::words::function_words("so").split(' ').collect();
    let hits: Vec<&String> = words
        .iter()
        .filter(|w| somali.contains(&w.as_str()))
        .collect();
    let mut distinct: Vec<&&String> = hits.iter().collect();
    distinct.sort();
    distinct.dedup();
    hits.len() * 100 >= words.len() * 15 && distinct.len() >= 3
}

/// Simplified or Traditional, by characters that differ between the two.
fn chinese_script(text: &str) -> &'static str {
    const SIMPLIFIED: &str =
        "这个们说来时会为国对发务区请电话门长车东见关开报书学问间应与业经过还进动机规划办费营处实";
    const TRADITIONAL: &str =
        "這個們說來時會為國對發務區請電話門長車東見關開報書學問間應與業經過還進動機規劃辦費營處實";
    let count = |set: &str| text.chars().filter(|c| set.contains(*c)).count();
    let (simplified, traditional) = (count(SIMPLIFIED), count(TRADITIONAL));
    if traditional > simplified {
        "zh-hant"
    } else {
        "zh-hans"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_city_languages_from_text() {
        let cases = [
            (
                "es",
                "Pague su factura de agua en línea o por teléfono y configure pagos automáticos para su cuenta.",
            ),
            (
                "vi",
                "Thanh toán hóa đơn nước của bạn trực tuyến hoặc qua điện thoại và thiết lập thanh toán tự động.",
            ),
            (
                "ru",
                "Оплатите счёт за воду онлайн или по телефону и настройте автоматические платежи для своего счёта.",
            ),
            (
                "uk",
                "Сплатіть рахунок за воду онлайн або телефоном і налаштуйте автоматичні платежі для свого рахунку.",
            ),
            (
                "zh-hans",
                "您可以在线或通过电话支付水费，并为您的账户设置自动付款。这个服务由水务局提供。",
            ),
            (
                "zh-hant",
                "您可以在線或通過電話支付水費，並為您的帳戶設置自動付款。這個服務由水務局提供。",
            ),
        ];
        for (expected, text) in cases {
            assert_eq!(detect_text(text).map(|l| l.tag), Some(expected), "{text}");
        }
    }

    #[test]
    fn detects_somali_by_its_function_words() {
        let text = "Fadlan la xiriir xafiiska dabka haddii aad aragto rashka sharci darrada ah. Waxaa jira \
                    qaabab kala duwan oo aad ku soo gudbin karto cabashada, iyo sidoo kale taleefanka.";
        assert_eq!(detect_text(text).map(|l| l.tag), Some("so"));
        assert_ne!(
            detect_text(
                "Report illegal fireworks to the fire bureau if you see them in your area."
            )
            .map(|l| l.tag),
            Some("so")
        );
    }

    #[test]
    fn too_little_text_says_nothing() {
        assert_eq!(detect_text("OK 123"), None);
    }
}
