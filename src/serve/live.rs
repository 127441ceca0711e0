//! Live reload over server-sent events: `GET …/__loa/events` stays open and receives `reload`
//! after every rebuild that changes what a page shows.
//!
//! On connecting, the browser gets a `hello` event whose data names the server run and the build
//! generation. A page remembers the first `hello` it saw and reloads if a later one differs (the
//! connection dropped while a rebuild happened, or the server was restarted). Pages the server
//! makes itself (the error page, the "building" page) carry the generation they show, so one
//! that was served just before a build finished reloads as soon as it connects. Pages from the
//! output carry no generation: the build writes the same script into every page, and an
//! incremental build may leave pages untouched, so a generation written there could go stale and
//! reload for ever.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

/// The path of the event stream, below the mount point.
pub(crate) const EVENTS_PATH: &str = "/__loa/events";

/// How often an idle stream gets a comment line, so dead connections are noticed and dropped.
const KEEPALIVE: Duration = Duration::from_secs(15);

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    Reload(String),
    Close,
}

/// Everyone listening for reloads.
#[derive(Default)]
pub(crate) struct Hub {
    listeners: Mutex<Vec<Sender<Event>>>,
}

impl Hub {
    pub(crate) fn subscribe(&self) -> Receiver<Event> {
        let (tx, rx) = mpsc::channel();
        self.lock().push(tx);
        rx
    }

    /// Sends `event` to every open stream, forgetting the closed ones.
    pub(crate) fn broadcast(&self, event: &Event) {
        self.lock().retain(|tx| tx.send(event.clone()).is_ok());
    }

    #[cfg(test)]
    pub(crate) fn listeners(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Sender<Event>>> {
        // A panicking listener thread cannot leave the list half-edited: recover it.
        self.listeners.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Writes the event-stream response on `w` until the client goes away or the server stops.
/// `hello` is the `hello` event's data (run and generation).
pub(crate) fn stream(w: &mut impl Write, rx: &Receiver<Event>, hello: &str) -> std::io::Result<()> {
    w.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n",
    )?;
    write!(w, "retry: 1000\nevent: hello\ndata: {hello}\n\n")?;
    w.flush()?;
    loop {
        match rx.recv_timeout(KEEPALIVE) {
            Ok(Event::Reload(data)) => write!(w, "event: reload\ndata: {data}\n\n")?,
            Ok(Event::Close) | Err(RecvTimeoutError::Disconnected) => return Ok(()),
            Err(RecvTimeoutError::Timeout) => w.write_all(b": keep-alive\n\n")?,
        }
        w.flush()?;
    }
}

/// The script put before `</body>`. `events` is the absolute URL path of the stream (with the
/// base path); `shown` is the generation a server-made page shows (`None` for built pages).
pub(crate) fn script(events: &str, shown: Option<&str>) -> String {
    let shown = shown.map_or("null".to_string(), |g| format!("\"{g}\""));
    format!(
        "<script>/* loa serve: live reload */(function(){{if(!window.EventSource)return;\
var seen=null,shown={shown},es=new EventSource(\"{events}\");\
es.addEventListener(\"hello\",function(e){{if((seen!==null&&seen!==e.data)||(shown!==null&&shown!==e.data)){{location.reload();return}}seen=e.data}});\
es.addEventListener(\"reload\",function(){{location.reload()}});}})();</script>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcast_reaches_listeners_and_drops_closed_ones() {
        let hub = Hub::default();
        let a = hub.subscribe();
        let b = hub.subscribe();
        drop(b);
        hub.broadcast(&Event::Reload("1".into()));
        assert_eq!(a.try_recv(), Ok(Event::Reload("1".into())));
        assert_eq!(hub.listeners(), 1);
    }

    #[test]
    fn stream_sends_hello_then_reload() {
        let hub = Hub::default();
        let rx = hub.subscribe();
        hub.broadcast(&Event::Reload("r-2".into()));
        hub.broadcast(&Event::Close);
        let mut out = Vec::new();
        stream(&mut out, &rx, "r-1").unwrap();
        let text = String::from_utf8(out).unwrap();
        let hello = text.find("event: hello\ndata: r-1\n\n").unwrap();
        let reload = text.find("event: reload\ndata: r-2\n\n").unwrap();
        assert!(hello < reload, "{text}");
    }

    #[test]
    fn script_names_the_stream() {
        let s = script("/bdg/__loa/events", Some("r-3"));
        assert!(s.contains("new EventSource(\"/bdg/__loa/events\")"));
        assert!(s.contains("shown=\"r-3\""));
        assert!(script("/__loa/events", None).contains("shown=null"));
    }
}
