//! [`ContainerBehaviour`]: per-container overrides from the Scenario document
//! (`spec.containers.<name>`). Every field is optional; whatever is left out is inferred from
//! the image, command and args (see [`super::images`]). Times are relative to the start of
//! the container's process.

use super::millis::{Millis, Signal};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::typed::{Cur, DeError, Read};

/// What the user says the container's main process does, overriding the inference.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContainerBehaviour {
    /// Time from process start until the app accepts connections on its ports
    /// (every declared `containerPort`, or the image's known ports). Example: `"5s"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup: Option<Millis>,
    /// Explicit listening ports, each from its own time (replaces the inferred list).
    /// Example: `[{port: 8080, at: "2s"}]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listen: Option<Vec<ListenRule>>,
    /// Health over time, for HTTP / gRPC / exec probes. Later rules win over earlier ones.
    /// Example: `[{from: "30s", fail: true}]` (unhealthy from 30 s on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health: Option<Vec<HealthRule>>,
    /// The process exits on its own. Example: `{at: "10s", code: 1}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit: Option<ExitRule>,
    /// What the process does on SIGTERM (and on its stop signal, whatever it is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sigterm: Option<SigtermRule>,
    /// Resident memory over time; if it crosses `resources.limits.memory` the container is
    /// OOM-killed (exit 137, reason OOMKilled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<MemoryRule>,
    /// Writes to a path (e.g. an emptyDir) at a constant rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk: Option<DiskRule>,
    /// The image's STOPSIGNAL (e.g. `"SIGQUIT"`); `lifecycle.stopSignal` still wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_signal: Option<Signal>,
}

/// One listening port.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListenRule {
    /// TCP port number.
    pub port: u16,
    /// Listening from this time on (default: 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Millis>,
    /// Stops listening at this time (default: never, until exit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Millis>,
}

/// A health answer over a window of time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HealthRule {
    /// Window start (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Millis>,
    /// Window end, exclusive (default: forever).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Millis>,
    /// Only for HTTP requests to this path (default: every path; exec probes too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Only for this port (default: every port).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// HTTP status to answer (gRPC: 200–399 → SERVING, else NOT_SERVING; exec: 200–399 → exit 0, else exit 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `true` = unhealthy (HTTP 500, gRPC NOT_SERVING, exec probe exit 1); `false` = healthy (200 / SERVING / exit 0).
    /// Rules with a `path` or `port` do not affect exec commands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail: Option<bool>,
    /// Response latency in this window (default 1ms); compare with `timeoutSeconds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency: Option<Millis>,
}

/// A self-initiated exit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExitRule {
    /// When (after process start).
    pub at: Millis,
    /// Exit code (default 0 → reason Completed; non-zero → Error).
    #[serde(default)]
    pub code: i32,
}

/// Reaction to SIGTERM.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SigtermAction {
    /// Exit right away (after `drain` if given) with `exitCode` (default 143).
    Exit,
    /// Stop accepting connections, finish work for `drain`, then exit with `exitCode` (default 0).
    Drain,
    /// Ignore it (a PID 1 without a handler): only SIGKILL stops it → 137.
    Ignore,
}

/// Reaction to SIGTERM (and to the stop signal, whatever it is).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SigtermRule {
    /// exit | drain | ignore.
    pub action: SigtermAction,
    /// How long until the exit (default: 0 for exit, 1s for drain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drain: Option<Millis>,
    /// The exit code (default: 143 for exit, 0 for drain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
}

/// Resident memory: `min(start + perSecond × t, max)`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemoryRule {
    /// Quantity string, e.g. "64Mi" (default "10Mi").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Growth per second, e.g. "5Mi" (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_second: Option<String>,
    /// Cap, e.g. "1Gi" (default: unbounded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<String>,
}

/// Disk writes: `perSecond × t` bytes under `path`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DiskRule {
    /// Where the data goes (e.g. an emptyDir mount path); default "/".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Bytes per second, as a quantity string ("1Mi").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_second: Option<String>,
}

// Read by hand (`typed::Read`, see there) and written by hand (`to_json`), as the serde
// derives above would; the derives stay for tests that build behaviours from JSON.

impl Read for ContainerBehaviour {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        const FIELDS: &str = "startup listen health exit sigterm memory disk stopSignal";
        let mut s = ContainerBehaviour::default();
        c.fields(FIELDS, true, &mut |i, c| {
            match i {
                0 => s.startup = Read::read(c)?,
                1 => s.listen = Read::read(c)?,
                2 => s.health = Read::read(c)?,
                3 => s.exit = Read::read(c)?,
                4 => s.sigterm = Read::read(c)?,
                5 => s.memory = Read::read(c)?,
                6 => s.disk = Read::read(c)?,
                _ => s.stop_signal = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl Read for ListenRule {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        let (mut port, mut at, mut until) = (None, None, None);
        c.fields("port at until", true, &mut |i, c| {
            match i {
                0 => port = Some(Read::read(c)?),
                1 => at = Read::read(c)?,
                _ => until = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(ListenRule { port: port.ok_or_else(|| c.missing("port"))?, at, until })
    }
}

impl Read for HealthRule {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        const FIELDS: &str = "from until path port status fail latency";
        let mut s = HealthRule::default();
        c.fields(FIELDS, true, &mut |i, c| {
            match i {
                0 => s.from = Read::read(c)?,
                1 => s.until = Read::read(c)?,
                2 => s.path = Read::read(c)?,
                3 => s.port = Read::read(c)?,
                4 => s.status = Read::read(c)?,
                5 => s.fail = Read::read(c)?,
                _ => s.latency = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl Read for ExitRule {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        let (mut at, mut code) = (None, 0);
        c.fields("at code", true, &mut |i, c| {
            match i {
                0 => at = Some(Read::read(c)?),
                _ => code = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(ExitRule { at: at.ok_or_else(|| c.missing("at"))?, code })
    }
}

impl Read for SigtermAction {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        Ok(match c.variant("exit drain ignore")? {
            0 => SigtermAction::Exit,
            1 => SigtermAction::Drain,
            _ => SigtermAction::Ignore,
        })
    }
}

impl Read for SigtermRule {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        let (mut action, mut drain, mut exit_code) = (None, None, None);
        c.fields("action drain exitCode", true, &mut |i, c| {
            match i {
                0 => action = Some(Read::read(c)?),
                1 => drain = Read::read(c)?,
                _ => exit_code = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(SigtermRule { action: action.ok_or_else(|| c.missing("action"))?, drain, exit_code })
    }
}

impl Read for MemoryRule {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        let mut s = MemoryRule::default();
        c.fields("start perSecond max", true, &mut |i, c| {
            match i {
                0 => s.start = Read::read(c)?,
                1 => s.per_second = Read::read(c)?,
                _ => s.max = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl Read for DiskRule {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        let mut s = DiskRule::default();
        c.fields("path perSecond", true, &mut |i, c| {
            match i {
                0 => s.path = Read::read(c)?,
                _ => s.per_second = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

fn put(m: &mut Map<String, Json>, key: &str, v: Option<Json>) {
    if let Some(v) = v {
        m.insert(key.to_string(), v);
    }
}

fn ms(m: &Option<Millis>) -> Option<Json> {
    m.map(|m| Json::String(m.to_string()))
}

fn text(s: &Option<String>) -> Option<Json> {
    s.clone().map(Json::String)
}

impl ContainerBehaviour {
    /// The behaviour as JSON, as the derived `Serialize` writes it (absent options left out).
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        put(&mut m, "startup", ms(&self.startup));
        put(
            &mut m,
            "listen",
            self.listen.as_ref().map(|l| {
                let mut a = Vec::with_capacity(l.len());
                for r in l {
                    let mut o = Map::new();
                    o.insert("port".into(), r.port.into());
                    put(&mut o, "at", ms(&r.at));
                    put(&mut o, "until", ms(&r.until));
                    a.push(Json::Object(o));
                }
                Json::Array(a)
            }),
        );
        put(
            &mut m,
            "health",
            self.health.as_ref().map(|l| {
                let mut a = Vec::with_capacity(l.len());
                for r in l {
                    let mut o = Map::new();
                    put(&mut o, "from", ms(&r.from));
                    put(&mut o, "until", ms(&r.until));
                    put(&mut o, "path", text(&r.path));
                    put(&mut o, "port", r.port.map(Json::from));
                    put(&mut o, "status", r.status.map(Json::from));
                    put(&mut o, "fail", r.fail.map(Json::Bool));
                    put(&mut o, "latency", ms(&r.latency));
                    a.push(Json::Object(o));
                }
                Json::Array(a)
            }),
        );
        put(
            &mut m,
            "exit",
            self.exit.as_ref().map(|e| {
                let mut o = Map::new();
                o.insert("at".into(), Json::String(e.at.to_string()));
                o.insert("code".into(), e.code.into());
                Json::Object(o)
            }),
        );
        put(
            &mut m,
            "sigterm",
            self.sigterm.as_ref().map(|r| {
                let mut o = Map::new();
                let action = match r.action {
                    SigtermAction::Exit => "exit",
                    SigtermAction::Drain => "drain",
                    SigtermAction::Ignore => "ignore",
                };
                o.insert("action".into(), Json::String(action.into()));
                put(&mut o, "drain", ms(&r.drain));
                put(&mut o, "exitCode", r.exit_code.map(Json::from));
                Json::Object(o)
            }),
        );
        put(
            &mut m,
            "memory",
            self.memory.as_ref().map(|r| {
                let mut o = Map::new();
                put(&mut o, "start", text(&r.start));
                put(&mut o, "perSecond", text(&r.per_second));
                put(&mut o, "max", text(&r.max));
                Json::Object(o)
            }),
        );
        put(
            &mut m,
            "disk",
            self.disk.as_ref().map(|r| {
                let mut o = Map::new();
                put(&mut o, "path", text(&r.path));
                put(&mut o, "perSecond", text(&r.per_second));
                Json::Object(o)
            }),
        );
        put(&mut m, "stopSignal", self.stop_signal.map(|s| Json::String(s.name())));
        Json::Object(m)
    }
}

/// Parses a Kubernetes quantity into bytes ("150M" = 150·10^6, "150Mi" = 150·2^20), rounding up
/// like upstream `Value()`: the crate's one parser, [`crate::quantity::parse`]. Negative or
/// malformed quantities are `None`.
pub fn parse_bytes(text: &str) -> Option<u64> {
    let q = crate::quantity::parse(text.trim()).ok()?;
    u64::try_from(q.value_ceil()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deserializes_camel_case() {
        let b: ContainerBehaviour = serde_json::from_str(
            r#"{"startup":"5s","listen":[{"port":8080,"at":2}],
                "health":[{"from":"30s","fail":true},{"path":"/ready","status":503,"until":"10s"}],
                "exit":{"at":"1m","code":3},
                "sigterm":{"action":"drain","drain":"5s","exitCode":0},
                "memory":{"start":"64Mi","perSecond":"1Mi","max":"1Gi"},
                "disk":{"path":"/cache","perSecond":"1Mi"},
                "stopSignal":"SIGQUIT"}"#,
        )
        .unwrap();
        assert_eq!(b.startup, Some(Millis(5000)));
        assert_eq!(b.listen.as_ref().unwrap()[0].at, Some(Millis(2000)));
        assert_eq!(b.sigterm.as_ref().unwrap().action, SigtermAction::Drain);
        assert_eq!(b.stop_signal, Some(Signal::Quit));
        let back = serde_json::to_string(&b).unwrap();
        let again: ContainerBehaviour = serde_json::from_str(&back).unwrap();
        assert_eq!(again, b);
        assert!(serde_json::from_str::<ContainerBehaviour>(r#"{"bogus":1}"#).is_err());
    }

    #[test]
    fn bytes() {
        assert_eq!(parse_bytes("150M"), Some(157_286_400 / 1_048_576 * 1_000_000));
        assert_eq!(parse_bytes("150Mi"), Some(157_286_400));
        assert_eq!(parse_bytes("1Gi"), Some(1 << 30));
        assert_eq!(parse_bytes("100"), Some(100));
        assert_eq!(parse_bytes("1.5Ki"), Some(1536));
        assert_eq!(parse_bytes("x"), None);
        // Upstream ParseQuantity accepts 9e99; Value() saturates.
        assert_eq!(parse_bytes("9e99"), Some(i64::MAX as u64));
        assert_eq!(parse_bytes("-1"), None);
    }
}
