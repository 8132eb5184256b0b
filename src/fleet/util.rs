//! Ports of the Deployment controller's arithmetic
//! (`pkg/controller/deployment/util/deployment_util.go`, Kubernetes 1.34) and of
//! `intstr.GetScaledValueFromIntOrPercent`, with the upstream test tables.

use crate::model::IntOrString;

/// `intstr.GetScaledValueFromIntOrPercent`: an integer as is; `"N%"` of `total`, rounded up
/// or down. A string without `%` or with a non-number is an error (upstream's text).
pub fn scaled_value(v: &IntOrString, total: i32, round_up: bool) -> Result<i32, String> {
    match v {
        IntOrString::Int(i) => Ok(*i),
        IntOrString::String(s) => {
            let Some(num) = s.strip_suffix('%') else {
                return Err("invalid value for IntOrString: invalid type: string is not a percentage".into());
            };
            let n: i64 = num.parse().map_err(|_| {
                format!(
                    "invalid value for IntOrString: invalid value {s:?}: strconv.Atoi: parsing {num:?}: invalid syntax"
                )
            })?;
            let prod = n.saturating_mul(i64::from(total));
            let v = if round_up {
                prod.div_euclid(100) + i64::from(prod.rem_euclid(100) != 0)
            } else {
                prod.div_euclid(100)
            };
            Ok(v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32)
        }
    }
}

/// `ResolveFenceposts`: (maxSurge rounded up, maxUnavailable rounded down) of `desired`;
/// both 0 → maxUnavailable 1 (else the rollout could never move). An absent value is 0.
pub fn resolve_fenceposts(
    max_surge: Option<&IntOrString>,
    max_unavailable: Option<&IntOrString>,
    desired: i32,
) -> Result<(i32, i32), String> {
    let surge = match max_surge {
        Some(v) => scaled_value(v, desired, true)?,
        None => 0,
    };
    let unavailable = match max_unavailable {
        Some(v) => scaled_value(v, desired, false)?,
        None => 0,
    };
    if surge == 0 && unavailable == 0 {
        return Ok((0, 1));
    }
    Ok((surge, unavailable))
}

/// The Deployment strategy, defaulted as the API server does (`SetDefaults_Deployment`:
/// RollingUpdate, 25 % / 25 %).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Strategy {
    RollingUpdate { max_surge: IntOrString, max_unavailable: IntOrString },
    Recreate,
}

impl Default for Strategy {
    fn default() -> Self {
        Strategy::RollingUpdate {
            max_surge: IntOrString::String("25%".into()),
            max_unavailable: IntOrString::String("25%".into()),
        }
    }
}

/// `MaxUnavailable(deployment)`: 0 for Recreate or 0 replicas; never more than replicas.
/// An invalid value counts as 0 (upstream ignores the error here too).
pub fn max_unavailable(strategy: &Strategy, replicas: i32) -> i32 {
    match strategy {
        Strategy::RollingUpdate { max_surge, max_unavailable } if replicas != 0 => {
            let (_, u) = resolve_fenceposts(Some(max_surge), Some(max_unavailable), replicas).unwrap_or((0, 0));
            u.min(replicas)
        }
        _ => 0,
    }
}

/// `MaxSurge(deployment)`: 0 for Recreate.
pub fn max_surge(strategy: &Strategy, replicas: i32) -> i32 {
    match strategy {
        Strategy::RollingUpdate { max_surge, max_unavailable } => {
            resolve_fenceposts(Some(max_surge), Some(max_unavailable), replicas).map(|(s, _)| s).unwrap_or(0)
        }
        Strategy::Recreate => 0,
    }
}

/// `NewRSNewReplicas`: how many replicas the new ReplicaSet may have now, given the sum of
/// `spec.replicas` over all the Deployment's ReplicaSets (`all_rs_replicas`, the new one included).
pub fn new_rs_new_replicas(strategy: &Strategy, replicas: i32, all_rs_replicas: i32, new_rs_replicas: i32) -> i32 {
    match strategy {
        Strategy::RollingUpdate { max_surge, .. } => {
            let surge = scaled_value(max_surge, replicas, true).unwrap_or(0);
            let max_total = replicas.saturating_add(surge);
            if all_rs_replicas >= max_total {
                return new_rs_replicas;
            }
            let up = (max_total - all_rs_replicas).min(replicas - new_rs_replicas);
            new_rs_replicas + up
        }
        Strategy::Recreate => replicas,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> IntOrString {
        IntOrString::String(v.into())
    }

    /// `TestResolveFenceposts` (deployment_util_test.go).
    #[test]
    fn resolve_fenceposts_upstream_table() {
        type Case<'a> = (Option<&'a str>, Option<&'a str>, i32, i32, i32, bool);
        let cases: [Case; 7] = [
            (Some("0%"), Some("0%"), 0, 0, 1, false),
            (Some("39%"), Some("39%"), 10, 4, 3, false),
            (Some("oops"), Some("39%"), 10, 0, 0, true),
            (Some("55%"), Some("urg"), 10, 0, 0, true),
            (Some("5"), Some("1"), 7, 0, 0, true),
            (None, Some("39%"), 10, 0, 3, false),
            (None, None, 10, 0, 1, false),
        ];
        for (surge, unavail, desired, es, eu, err) in cases {
            let (a, b) = (surge.map(s), unavail.map(s));
            match resolve_fenceposts(a.as_ref(), b.as_ref(), desired) {
                Ok((gs, gu)) => {
                    assert!(!err, "{surge:?} {unavail:?}: expected an error");
                    assert_eq!((gs, gu), (es, eu), "{surge:?} {unavail:?} {desired}");
                }
                Err(e) => {
                    assert!(err, "{surge:?} {unavail:?}: {e}");
                    assert!(e.starts_with("invalid value for IntOrString: "), "{e}");
                }
            }
        }
        assert_eq!(resolve_fenceposts(Some(&IntOrString::Int(1)), Some(&IntOrString::Int(1)), 2), Ok((1, 1)));
        assert_eq!(resolve_fenceposts(Some(&s("25%")), Some(&s("25%")), 8), Ok((2, 2)));
        assert_eq!(resolve_fenceposts(Some(&s("25%")), Some(&s("25%")), 3), Ok((1, 0)), "surge up, unavailable down");
    }

    /// `TestNewRSNewReplicas`: (strategy, deployment replicas, new RS replicas, maxSurge, expected),
    /// with an old RS of 5 replicas next to the new one (as upstream's `rs5`).
    #[test]
    fn new_rs_new_replicas_upstream_table() {
        let rolling = |surge: i32| Strategy::RollingUpdate {
            max_surge: IntOrString::Int(surge),
            max_unavailable: IntOrString::Int(1),
        };
        let cases = [(rolling(1), 1, 5, 5), (rolling(10), 6, 2, 6), (Strategy::Recreate, 3, 1, 3)];
        for (st, dep, new_rs, expected) in cases {
            let all = 5 + new_rs;
            assert_eq!(new_rs_new_replicas(&st, dep, all, new_rs), expected, "{st:?} {dep} {new_rs}");
        }
    }

    /// `TestMaxUnavailable` (maxSurge 1).
    #[test]
    fn max_unavailable_upstream_table() {
        let st = |u: IntOrString| Strategy::RollingUpdate { max_surge: IntOrString::Int(1), max_unavailable: u };
        assert_eq!(max_unavailable(&st(IntOrString::Int(5)), 10), 5);
        assert_eq!(max_unavailable(&st(IntOrString::Int(10)), 10), 10);
        assert_eq!(max_unavailable(&st(IntOrString::Int(10)), 5), 5);
        assert_eq!(max_unavailable(&st(IntOrString::Int(5)), 0), 0, "replicas 0");
        assert_eq!(max_unavailable(&st(s("50%")), 10), 5);
        assert_eq!(max_unavailable(&Strategy::Recreate, 10), 0);
        assert_eq!(max_surge(&st(IntOrString::Int(0)), 10), 1);
        assert_eq!(max_surge(&Strategy::default(), 10), 3, "25 % of 10 rounds up");
        assert_eq!(max_unavailable(&Strategy::default(), 10), 2, "25 % of 10 rounds down");
        let zero = Strategy::RollingUpdate { max_surge: s("0%"), max_unavailable: s("0%") };
        assert_eq!(max_unavailable(&zero, 3), 1, "both zero: one unavailable");
    }
}
