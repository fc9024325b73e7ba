//! guided's container picker: "type a name" first, type-to-filter (fuzzy),
//! a typed name that matches nothing says so with close names; Ctrl-C 130.
//! The real binary in a pseudo-terminal (rexpect), with the fixture and the
//! terminal helpers of tests/integration/guided.rs.

use rexpect::session::PtySession;

use super::guided::{finish, fixture, key, spawn_guided, wait_for, DOWN, ENTER};

/// Main menu: "Events of a container" (the second item).
fn choose_events_of_a_container(s: &mut PtySession) {
    wait_for(s, "What do you want to see?");
    wait_for(s, "Quit");
    key(s, DOWN, "> Events of a container");
    key(s, ENTER, "Which container?");
    wait_for(s, "Type a container name...");
}

/// From "(so far: ...)" to the command line, with every default.
fn accept_defaults(s: &mut PtySession) {
    wait_for(s, "A field condition");
    key(s, ENTER, "Which time range?");
    wait_for(s, "From / to a time you type");
    key(s, ENTER, "Show it as?");
    wait_for(s, "CSV");
    key(s, ENTER, "How many events?");
    wait_for(s, "Another number...");
    s.send(ENTER).unwrap();
    s.flush().unwrap();
}

#[test]
fn typing_filters_the_container_list() {
    let (_dir, path) = fixture();
    let mut s = spawn_guided(&path, true);
    choose_events_of_a_container(&mut s);
    // "Type a name" is the first entry, and typing narrows the list.
    s.send("train").unwrap();
    s.flush().unwrap();
    wait_for(&mut s, "bob-train");
    key(&mut s, ENTER, "(so far: --container 'bob-train')");
    accept_defaults(&mut s);
    let expected = format!(
        "ds01-events --container 'bob-train' --file '{}'",
        path.display()
    );
    wait_for(&mut s, &expected);
    let (rest, code) = finish(&mut s);
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("gpu.allocate"), "{rest}");
    assert!(!rest.contains("alice"), "{rest}");
}

#[test]
fn a_typed_name_that_matches_nothing_says_so_and_suggests() {
    let (_dir, path) = fixture();
    let mut s = spawn_guided(&path, true);
    choose_events_of_a_container(&mut s);
    // The first entry: type a name.
    key(&mut s, ENTER, "The container name");
    s.send("bob-trian").unwrap();
    key(&mut s, ENTER, "No container 'bob-trian'");
    wait_for(&mut s, "close names: bob-train");
    wait_for(&mut s, "Pick again");
    // The first choice takes the suggestion.
    key(&mut s, ENTER, "(so far: --container 'bob-train')");
    accept_defaults(&mut s);
    wait_for(&mut s, "ds01-events --container 'bob-train'");
    let (rest, code) = finish(&mut s);
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("bob-train"), "{rest}");
}

#[test]
fn a_typed_name_that_exists_is_taken() {
    let (_dir, path) = fixture();
    let mut s = spawn_guided(&path, true);
    choose_events_of_a_container(&mut s);
    key(&mut s, ENTER, "The container name");
    s.send("carol-sim").unwrap();
    key(&mut s, ENTER, "(so far: --container 'carol-sim')");
    accept_defaults(&mut s);
    wait_for(&mut s, "ds01-events --container 'carol-sim'");
    let (rest, code) = finish(&mut s);
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("gpu.reject"), "{rest}");
}

#[test]
fn ctrl_c_in_the_container_picker_exits_130() {
    let (_dir, path) = fixture();
    let mut s = spawn_guided(&path, false);
    wait_for(&mut s, "What do you want to see?");
    wait_for(&mut s, "Quit");
    key(&mut s, DOWN, "Events of a container");
    key(&mut s, ENTER, "Which container?");
    wait_for(&mut s, "Type a container name...");
    s.send_control('c').unwrap();
    let (rest, code) = finish(&mut s);
    assert_eq!(code, 130, "{rest:?}");
    assert!(
        rest.contains("\x1b[?25h"),
        "the cursor is shown again: {rest:?}"
    );
}
