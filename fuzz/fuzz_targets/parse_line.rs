//! Any bytes as one line of the events file: `parse_line` must not panic,
//! and whatever it accepts must convert to v1 JSON that reads back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ds01_events::engine::line_time(data);
    let _ = ds01_events::event::peek_envelope(data);
    if let Ok(event) = ds01_events::event::parse_line(data) {
        let v1 = event.v1().to_value().to_string();
        let again = ds01_events::event::parse_line(v1.as_bytes())
            .expect("the v1 form of an event is a valid line");
        assert_eq!(again.event_type, event.event_type);
        assert_eq!(again.user, event.user);
        let _ = event.container();
        let _ = event.field("timestamp").map(|f| f.text().into_owned());
    }
});
