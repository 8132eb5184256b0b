//! Field errors shaped like `k8s.io/apimachinery/pkg/util/validation/field`.
//!
//! Upstream renders an error as `<field>: <ErrorBody>`; kubectl prints the causes of
//! an Invalid status as `The <Kind> "<name>" is invalid: ...` (one cause on one line,
//! several causes as a `* ` list). See `../shared/reference/status-qos-validation.md` §3.1.

use std::fmt;

/// The upstream `field.ErrorType`, named as the API reports it in `details.causes[].reason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorType {
    NotFound,
    Required,
    Duplicate,
    Invalid,
    NotSupported,
    Forbidden,
    TooLong,
    TooMany,
    Internal,
    TypeInvalid,
}

impl ErrorType {
    /// The API's reason string, e.g. `FieldValueInvalid`.
    pub fn api_name(self) -> &'static str {
        match self {
            ErrorType::NotFound => "FieldValueNotFound",
            ErrorType::Required => "FieldValueRequired",
            ErrorType::Duplicate => "FieldValueDuplicate",
            ErrorType::Invalid => "FieldValueInvalid",
            ErrorType::NotSupported => "FieldValueNotSupported",
            ErrorType::Forbidden => "FieldValueForbidden",
            ErrorType::TooLong => "FieldValueTooLong",
            ErrorType::TooMany => "FieldValueTooMany",
            ErrorType::Internal => "InternalError",
            ErrorType::TypeInvalid => "FieldValueTypeInvalid",
        }
    }

    /// The human text upstream's `ErrorType.String()` returns.
    pub fn text(self) -> &'static str {
        match self {
            ErrorType::NotFound => "Not found",
            ErrorType::Required => "Required value",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::Invalid => "Invalid value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::TooLong => "Too long",
            ErrorType::TooMany => "Too many",
            ErrorType::Internal => "Internal error",
            ErrorType::TypeInvalid => "Invalid value",
        }
    }
}

/// One validation error. `value` is already rendered the way upstream's `ErrorBody`
/// renders the bad value (Go-quoted strings, plain numbers); it is `None` for types
/// whose body omits the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub error_type: ErrorType,
    pub value: Option<String>,
    pub detail: String,
}

/// Renders a string the way Go's `%q` does for the characters that occur in specs.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl FieldError {
    fn new(field: impl Into<String>, t: ErrorType, value: Option<String>, detail: impl Into<String>) -> Self {
        FieldError { field: field.into(), error_type: t, value, detail: detail.into() }
    }
    /// `field.Required(path, detail)`.
    pub fn required(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(field, ErrorType::Required, None, detail)
    }
    /// `field.Forbidden(path, detail)`.
    pub fn forbidden(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(field, ErrorType::Forbidden, None, detail)
    }
    /// `field.Invalid(path, value, detail)`; `value` already rendered (see [`go_quote`]).
    pub fn invalid(field: impl Into<String>, value: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(field, ErrorType::Invalid, Some(value.into()), detail)
    }
    /// `field.Duplicate(path, value)`.
    pub fn duplicate(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::new(field, ErrorType::Duplicate, Some(value.into()), "")
    }
    /// `field.NotFound(path, value)`.
    pub fn not_found(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::new(field, ErrorType::NotFound, Some(value.into()), "")
    }
    /// `field.NotSupported(path, value, supported)`: the detail lists the supported values
    /// (`supported`: space-separated, no pointer table in the page's data) Go-quoted, in the
    /// order given.
    pub fn not_supported(field: impl Into<String>, value: impl Into<String>, supported: &str) -> Self {
        let mut detail = String::new();
        for s in supported.split(' ').filter(|s| !s.is_empty()) {
            detail.push_str(if detail.is_empty() { "supported values: " } else { ", " });
            detail.push_str(&go_quote(s));
        }
        Self::new(field, ErrorType::NotSupported, Some(value.into()), detail)
    }
    /// `field.TooLong(path, value, max)`.
    pub fn too_long(field: impl Into<String>, max: usize) -> Self {
        Self::new(field, ErrorType::TooLong, None, format!("may not be more than {max} bytes"))
    }

    /// Upstream's `ErrorBody()`: the text after `<field>: `.
    pub fn body(&self) -> String {
        let mut s = self.error_type.text().to_string();
        match self.error_type {
            ErrorType::Required | ErrorType::Forbidden | ErrorType::TooLong | ErrorType::Internal => {}
            _ => {
                if let Some(v) = &self.value {
                    s.push_str(": ");
                    s.push_str(v);
                }
            }
        }
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

/// What kubectl prints for a create that the API server rejects as Invalid.
/// Identical lines are printed once, in order.
pub fn kubectl_invalid(kind: &str, name: &str, errors: &[FieldError]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for e in errors {
        let l = e.to_string();
        if !lines.contains(&l) {
            lines.push(l);
        }
    }
    match lines.len() {
        0 => String::new(),
        1 => format!("The {kind} \"{name}\" is invalid: {}", lines[0]),
        _ => {
            let mut s = format!("The {kind} \"{name}\" is invalid: \n");
            for (i, l) in lines.iter().enumerate() {
                s.push_str("* ");
                s.push_str(l);
                if i + 1 < lines.len() {
                    s.push('\n');
                }
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_match_upstream_shapes() {
        let e = FieldError::invalid("spec.containers[0].livenessProbe.successThreshold", "2", "must be 1");
        assert_eq!(e.to_string(), "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1");
        let e = FieldError::required("spec.containers", "");
        assert_eq!(e.to_string(), "spec.containers: Required value");
        let e = FieldError::required("spec.containers[0].livenessProbe", "must specify a handler type");
        assert_eq!(e.body(), "Required value: must specify a handler type");
        let e = FieldError::not_supported("spec.restartPolicy", go_quote("Sometimes"), "Always OnFailure Never");
        assert_eq!(
            e.body(),
            "Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""
        );
        let e = FieldError::duplicate("spec.containers[1].name", go_quote("app"));
        assert_eq!(e.body(), "Duplicate value: \"app\"");
        let e = FieldError::forbidden("spec.containers[0].restartPolicy", "may not be set for non-init containers");
        assert_eq!(e.body(), "Forbidden: may not be set for non-init containers");
    }

    #[test]
    fn kubectl_single_and_multi() {
        let a = FieldError::invalid("spec.containers[0].livenessProbe.successThreshold", "2", "must be 1");
        assert_eq!(
            kubectl_invalid("Pod", "demo", std::slice::from_ref(&a)),
            "The Pod \"demo\" is invalid: spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"
        );
        let b = FieldError::required("spec.containers[0].image", "");
        assert_eq!(
            kubectl_invalid("Pod", "demo", &[a.clone(), b, a]),
            "The Pod \"demo\" is invalid: \n* spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1\n* spec.containers[0].image: Required value"
        );
    }
}
