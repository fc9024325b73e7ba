use super::parse::*;
use super::peek::*;
use super::*;
use serde_json::Value;

#[test]
fn v1() {
    let e = parse_line(br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"container.create","schema_version":"1","user":"alice","source":"docker-wrapper","details":{"container":"alice-jupyter","image":"ds01/pytorch:latest"}}"#).unwrap();
    assert_eq!(e.schema, Schema::V1);
    assert_eq!(e.event_type, "container.create");
    assert_eq!(e.user.as_deref(), Some("alice"));
    assert_eq!(e.container(), Some("alice-jupyter"));
    assert_eq!(e.time.unwrap().to_string(), "2026-01-30T14:30:00.123456Z");
}

#[test]
fn old_and_flat() {
    let e = parse_line(br#"{"ts": "2025-11-02T09:14:03.512Z", "event": "container.created", "user": "alice", "container": "proj._.alice", "gpu": "1.2"}"#).unwrap();
    assert_eq!(e.schema, Schema::Old);
    assert_eq!(e.event_type, "container.created");
    assert_eq!(e.container(), Some("proj._.alice"));
    assert_eq!(e.details["gpu"], Value::String("1.2".into()));
    let f = parse_line(br#"{"timestamp": "2026-01-01T00:00:00+01:00", "event": "status_change", "job_id": "10235", "old_status": "pending", "new_status": "failed"}"#).unwrap();
    assert_eq!(f.schema, Schema::Flat);
    assert_eq!(f.event_type, "status_change");
    assert_eq!(f.field("new_status").unwrap().text(), "failed");
    assert_eq!(f.time.unwrap().to_string(), "2025-12-31T23:00:00Z");
}

#[test]
fn flat_fields_keep_their_order() {
    let e = parse_line(br#"{"z": 1, "timestamp": "2026-01-01T00:00:00Z", "event": "status_change", "b": 2, "a": 3}"#).unwrap();
    let keys: Vec<&str> = e.details.keys().map(|k| k.as_str()).collect();
    assert_eq!(keys, ["z", "b", "a"]);
    let v1 = serde_json::to_string(&e.v1()).unwrap();
    assert_eq!(v1, e.v1().to_value().to_string());
    assert_eq!(
        v1,
        r#"{"timestamp":"2026-01-01T00:00:00.000000Z","event_type":"status_change","schema_version":"1","details":{"z":1,"b":2,"a":3}}"#
    );
}

#[test]
fn peeked_envelope_agrees_with_the_parse() {
    for line in [
            &br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"gpu.allocate","schema_version":"1"}"#[..],
            br#"{"ts": "2025-11-02T09:14:03Z", "event": "container.created", "user": "a"}"#,
        ] {
            let (t, ty) = peek_envelope(line).unwrap();
            let e = parse_line(line).unwrap();
            assert_eq!((t, ty), (e.time_text.as_str(), e.event_type.as_str()));
        }
    assert_eq!(peek_envelope(br#"{"timestamp":"x","event":"y"}"#), None);
    assert_eq!(
        peek_envelope(br#"{"timestamp":"x","event_type":"a\u0041"}"#),
        None
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
    #[test]
    fn quick_check_agrees_with_the_parse(cut in 0usize..400, insert in 0usize..400, byte in proptest::prelude::any::<u8>(), pick in 0usize..6) {
        let lines: [&[u8]; 6] = [
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","user":"a","details":{"k":[1,2.5,-3,{"z":null}],"t":true,"f":false,"s":"\u00fc\n\"q\""}}"#,
            br#"{"ts": "2025-11-02T09:14:03Z", "event": "container.created", "gpu": "1.2", "n": 0, "e": 1e5}"#,
            br#"{"a":{"b":{"c":[[],{},[{}]]}},"d":"\ud83c\udf89","x":NaN}"#,
            br#"{ "a" : [ 1 , 2 ] , "b" : { } }"#,
            br#"{"n":-0.5,"m":12345678901234567890,"s":"tab\tok"}"#,
            br#"{"k":"v"} "#,
        ];
        let base = lines[pick];
        // Mutations: cut the line short, or put one byte somewhere.
        let mut m: Vec<u8> = base[..cut.min(base.len())].to_vec();
        if insert % 3 != 0 {
            m = base.to_vec();
            let at = insert.min(m.len());
            m.insert(at, byte);
        }
        proptest::prop_assert_eq!(is_malformed(&m), parse_line(&m).is_err(), "{:?}", String::from_utf8_lossy(&m));
    }
}

#[test]
fn malformed_check_agrees_with_the_parse() {
    for line in [
        &b""[..],
        b"  ",
        b"{}",
        b"[1]",
        b"{\"a\":",
        b"{\"a\":NaN}",
        b"\xff{}",
        b"{\"a\":\"\xff\"}",
        b"{\"a\":\"\0\"}",
        b"{\"a\":1}\r",
        b"{\"a\":1} x",
        br#"{"timestamp":"2026-01-30T14:30:00Z","event_type":"x.y"}"#,
    ] {
        assert_eq!(is_malformed(line), parse_line(line).is_err(), "{line:?}");
    }
}

#[test]
fn verbatim_only_for_lines_in_their_normal_form() {
    let canonical = br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","user":"a","details":{"k":1}}"#;
    assert!(parse_line(canonical).unwrap().verbatim);
    for line in [
            &br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","details":{"k":NaN}}"#[..],
            br#"{"event_type":"x.y","timestamp":"2026-01-30T14:30:00.123456Z","schema_version":"1"}"#,
            br#"{"timestamp":"2026-01-30T14:30:00Z","event_type":"x.y","schema_version":"1"}"#,
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","user":""}"#,
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","extra":1}"#,
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","details":{}}"#,
            br#"{"ts": "2025-11-02T09:14:03Z", "event": "container.created"}"#,
        ] {
            assert!(!parse_line(line).unwrap().verbatim, "{}", String::from_utf8_lossy(line));
        }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
    #[test]
    fn verbatim_line_agrees_with_the_parse(cut in 0usize..300, at in 0usize..300, byte in 0x20u8..0x7f, pick in 0usize..5, mutate in proptest::prelude::any::<bool>()) {
        let lines: [&[u8]; 5] = [
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"gpu.allocate","schema_version":"1","user":"a","source":"s","details":{"k":[1,2],"s":"x\"y"}}"#,
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"gpu.allocate","schema_version":"1","user":"a","source":"s","uid":1000,"details":{"k":1}}"#,
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1"}"#,
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","details":{"a":{"b":1}},"z":2}"#,
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","source":"q","details":{"a":"}"}}"#,
        ];
        let mut m = lines[pick].to_vec();
        if mutate {
            let at = at.min(m.len());
            m.insert(at, byte);
        } else {
            m.truncate(cut.max(1).min(m.len()));
        }
        if let Some((t, ty)) = verbatim_line(&m) {
            let e = parse_line(&m);
            proptest::prop_assert!(e.is_ok(), "{:?}", String::from_utf8_lossy(&m));
            let e = e.unwrap();
            proptest::prop_assert!(e.verbatim, "{:?}", String::from_utf8_lossy(&m));
            proptest::prop_assert_eq!((t, ty), (e.time_text.as_str(), e.event_type.as_str()));
        }
    }
}

#[test]
fn uid_is_the_envelopes_in_v1_only() {
    let v1 = br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","user":"a","uid":0,"details":{"k":1}}"#;
    assert!(verbatim_line(v1).is_some());
    let e = parse_line(v1).unwrap();
    assert!(e.verbatim);
    assert_eq!(e.uid, Some(0));
    assert!(e.details.get("uid").is_none());
    for odd in [
            &br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","uid":-1}"#[..],
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","uid":"0"}"#,
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","uid":01}"#,
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","uid":1.5}"#,
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","details":{"k":1},"uid":1}"#,
        ] {
            assert!(verbatim_line(odd).is_none(), "{}", String::from_utf8_lossy(odd));
            if let Ok(e) = parse_line(odd) {
                assert!(!e.verbatim, "{}", String::from_utf8_lossy(odd));
            }
        }
    let e = parse_line(br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","uid":"0"}"#).unwrap();
    assert_eq!(e.uid, None);
    assert_eq!(e.details["uid"], Value::String("0".into()));
}

#[test]
fn verbatim_lines() {
    assert!(verbatim_line(br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","user":"a","details":{"k":1}}"#).is_some());
    assert!(verbatim_line(br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","details":{"k":1},"z":1}"#).is_none());
    assert!(verbatim_line(br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","details":{}}"#).is_none());
    assert!(verbatim_line(br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","details":{"k":NaN}}"#).is_none());
}

#[test]
fn non_finite_tokens() {
    let e = parse_line(br#"{"timestamp":"2026-01-30T14:30:00Z","event_type":"x.y","details":{"a":NaN,"b":-Infinity,"c":"NaN in text","d":Infinity}}"#).unwrap();
    assert_eq!(e.details["a"], Value::String("NaN".into()));
    assert_eq!(e.details["b"], Value::String("-Infinity".into()));
    assert_eq!(e.details["c"], Value::String("NaN in text".into()));
    assert_eq!(e.details["d"], Value::String("Infinity".into()));
    assert_eq!(parse_line(br#"{"a": NaNx}"#), Err(Malformed::InvalidJson));
}

#[test]
fn malformed() {
    assert_eq!(parse_line(b""), Err(Malformed::Empty));
    assert_eq!(parse_line(b"{\"a\":"), Err(Malformed::InvalidJson));
    assert_eq!(parse_line(b"[1,2]"), Err(Malformed::NotAnObject));
    assert_eq!(parse_line(b"\xff\xfe{}"), Err(Malformed::InvalidUtf8));
    assert_eq!(parse_line(b"{\"a\":\"\0\"}"), Err(Malformed::InvalidJson));
}

#[test]
fn timestamps_agree_with_jiff() {
    for t in [
        "2026-01-30T14:30:00.123456Z",
        "2025-11-02T09:14:03.512Z",
        "2026-03-29T01:59:59+05:30",
        "2024-02-29T00:00:00-08:00",
        "1999-12-31T23:59:59.999999999Z",
        "2026-01-30 14:30:00Z",
    ] {
        let fast = fast_timestamp(t.as_bytes()).unwrap();
        let slow: Timestamp = t.replace(' ', "T").parse().unwrap();
        assert_eq!(fast.as_microsecond(), slow.as_microsecond(), "{t}");
    }
    assert!(fast_timestamp(b"2026-02-30T00:00:00Z").is_none());
    assert_eq!(
        parse_timestamp("2026-01-30T14:30:00").unwrap().to_string(),
        "2026-01-30T14:30:00Z"
    );
}
