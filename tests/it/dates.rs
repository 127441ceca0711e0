//! The build date is an input: `BuildOptions::today` comes from `SOURCE_DATE_EPOCH` when it is
//! set, else from the clock, and rendering never reads the clock itself. So two builds of the
//! same site on different days with the same `SOURCE_DATE_EPOCH` are byte-identical.

use crate::support::*;
use loa::text::Date;
use loa::{build, BuildOptions};
use std::path::Path;

/// 2019-06-01 and 2021-06-01, 12:00 UTC: on either side of the day `cu.md` expires (2020-01-01).
const BEFORE_EXPIRY: i64 = 1_559_390_400;
const AFTER_EXPIRY: i64 = 1_622_548_800;

/// Builds the `check-expired` site as if the clock read `clock` seconds, with `epoch` as
/// `SOURCE_DATE_EPOCH`; returns every output file.
fn build_on(site: &Path, clock: i64, epoch: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let mut o = BuildOptions::new(site);
    o.booklets = false;
    o.today = Date::for_build_with(epoch, || clock);
    build(&o).unwrap();
    snapshot(&site.join("public"))
}

fn status_of_old_document(files: &[(String, Vec<u8>)]) -> &'static str {
    let (_, html) = files
        .iter()
        .find(|(rel, _)| rel.replace('\\', "/") == "van-ban/cu/index.html")
        .expect("the old document's page");
    let html = String::from_utf8_lossy(html);
    if html.contains("Không còn hiệu lực") {
        "expired"
    } else {
        "in force"
    }
}

#[test]
fn same_source_date_epoch_on_two_days_gives_identical_bytes() {
    let site = copy_fixture("check-expired");
    let epoch = BEFORE_EXPIRY.to_string();
    let first = build_on(site.path(), BEFORE_EXPIRY, Some(&epoch));
    let second = build_on(site.path(), AFTER_EXPIRY, Some(&epoch));
    assert_eq!(first, second);
    // The date really comes from SOURCE_DATE_EPOCH (the real clock is past 2020).
    assert_eq!(status_of_old_document(&second), "in force");
}

#[test]
fn without_source_date_epoch_the_build_date_is_the_clock_read_once() {
    let site = copy_fixture("check-expired");
    let before = build_on(site.path(), BEFORE_EXPIRY, None);
    let after = build_on(site.path(), AFTER_EXPIRY, None);
    assert_eq!(status_of_old_document(&before), "in force");
    assert_eq!(status_of_old_document(&after), "expired");
    // The document list marks it too: only the date differs between the two builds.
    assert_ne!(before, after);
}

#[test]
fn source_date_epoch_that_is_not_a_number_falls_back_to_the_clock() {
    assert_eq!(
        Date::for_build_with(Some("yesterday"), || BEFORE_EXPIRY),
        Date::new(2019, 6, 1).unwrap()
    );
    // UTC+7: 2019-06-01 20:00 UTC is already 2 June in Vietnam.
    assert_eq!(
        Date::for_build_with(Some("1559419200"), || 0),
        Date::new(2019, 6, 2).unwrap()
    );
}
