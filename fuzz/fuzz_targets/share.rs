//! Share-link decoding (`podlife::share`): any fragment is either refused with a
//! `ShareError` or read into a state, never a panic, and a decoded text is never over the
//! input limit (a link crafted to inflate to gigabytes stops at 3 MiB + 1). A decoded state
//! encodes back to a link that decodes to the same state.
#![no_main]

use libfuzzer_sys::fuzz_target;
use podlife::share;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let fragment = if mode % 2 == 0 {
        // The bytes as a fragment (URL text).
        String::from_utf8_lossy(rest).into_owned()
    } else {
        // The bytes as the compressed text of an otherwise valid link: exercises inflation.
        format!("v=1&z={}&t=5s", share::base64url_encode(rest))
    };
    let Ok(state) = share::decode(&fragment) else { return };
    if let Some(t) = &state.text {
        assert!(t.len() <= share::MAX_TEXT_BYTES, "decoded text over the limit: {}", t.len());
    }
    if let Ok(link) = share::encode(&state) {
        let again = share::decode(&link).expect("a link podlife wrote must decode");
        assert_eq!(again, state, "round trip changed the state of {fragment:?}");
    }
    let _ = share::iframe_snippet(&fragment, 800, 600);
});
