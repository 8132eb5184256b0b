//! A compact way to build Yew's virtual DOM for the large, mostly static views.
//!
//! Every element written with `html!` expands, after inlining, into its own copy of the code
//! that assembles a `VTag` (attribute arrays, listener boxes, child lists). In the page's big
//! views that code was most of the wasm (the bundle budget, issue 4). Here each step is one
//! small non-generic function that is not inlined, so an element costs a few calls at its
//! call site. The result is ordinary Yew nodes: diffing, listeners and components work as
//! with `html!`, which stays in use where a view is small or needs components and hooks.
//!
//! Text always goes into text nodes or attribute values, never parsed as HTML.

use std::rc::Rc;

use yew::virtual_dom::{Key, Listener, VList, VNode, VTag, VText};
use yew::{AttrValue, Callback, Event, Html, InputEvent, KeyboardEvent, MouseEvent, NodeRef};

/// An element being built. Boxed so that passing it along a chain moves one pointer.
pub struct El(Box<VTag>);

/// A new element `<tag>`.
#[inline(never)]
pub fn el(tag: &'static str) -> El {
    El(Box::new(VTag::new(AttrValue::Static(tag))))
}

/// A text node.
#[inline(never)]
pub fn text(s: impl Into<AttrValue>) -> Html {
    txt(s.into())
}

#[inline(never)]
fn txt(s: AttrValue) -> Html {
    VNode::VText(VText::new(s))
}

/// Several nodes side by side (a fragment).
#[inline(never)]
pub fn frag(nodes: Vec<Html>) -> Html {
    VNode::VList(Rc::new(VList::with_children(nodes, None)))
}

impl El {
    /// An attribute with a fixed value.
    #[inline(never)]
    pub fn a(mut self, key: &'static str, value: &'static str) -> El {
        self.0.add_attribute(key, AttrValue::Static(value));
        self
    }

    /// An attribute with a computed value.
    #[inline(never)]
    pub fn at(mut self, key: &'static str, value: String) -> El {
        self.0.add_attribute(key, AttrValue::from(value));
        self
    }

    /// An attribute with a shared value (cloned cheaply).
    #[inline(never)]
    pub fn av(mut self, key: &'static str, value: AttrValue) -> El {
        self.0.add_attribute(key, value);
        self
    }

    /// `class="…"`.
    pub fn class(self, value: &'static str) -> El {
        self.a("class", value)
    }

    /// `data-testid="…"` (not the element's `id`).
    pub fn testid(self, value: &'static str) -> El {
        self.a("data-testid", value)
    }

    /// A child node.
    #[inline(never)]
    pub fn c(mut self, child: Html) -> El {
        self.0.add_child(child);
        self
    }

    /// A fixed text child.
    #[inline(never)]
    pub fn t(self, s: &'static str) -> El {
        self.c(txt(AttrValue::Static(s)))
    }

    /// A computed text child.
    #[inline(never)]
    pub fn ts(self, s: String) -> El {
        self.c(txt(AttrValue::from(s)))
    }

    /// An element child.
    pub fn e(self, child: El) -> El {
        self.c(child.h())
    }

    /// Children from an iterator.
    pub fn cs(mut self, kids: impl IntoIterator<Item = Html>) -> El {
        for k in kids {
            self = self.c(k);
        }
        self
    }

    /// A child when there is one, else an empty placeholder, as `html! {}` leaves: Yew matches
    /// unkeyed children from the end, so a child that came and went without its placeholder
    /// would shift its siblings onto each other's nodes (components among them remounted).
    pub fn opt(self, child: Option<Html>) -> El {
        self.c(child.unwrap_or_default())
    }

    /// A listener (e.g. `yew::html::onclick::Wrapper::new(cb)`).
    #[inline(never)]
    pub fn on(mut self, l: Rc<dyn Listener>) -> El {
        self.0.add_listener(l);
        self
    }

    /// `onclick`.
    pub fn onclick(self, cb: Callback<MouseEvent>) -> El {
        self.on(Rc::new(yew::html::onclick::Wrapper::new(cb)))
    }

    /// `oninput`.
    pub fn oninput(self, cb: Callback<InputEvent>) -> El {
        self.on(Rc::new(yew::html::oninput::Wrapper::new(cb)))
    }

    /// `onchange`.
    pub fn onchange(self, cb: Callback<Event>) -> El {
        self.on(Rc::new(yew::html::onchange::Wrapper::new(cb)))
    }

    /// `onkeydown`.
    pub fn onkeydown(self, cb: Callback<KeyboardEvent>) -> El {
        self.on(Rc::new(yew::html::onkeydown::Wrapper::new(cb)))
    }

    /// `ontoggle` (of `<details>`).
    pub fn ontoggle(self, cb: Callback<Event>) -> El {
        self.on(Rc::new(yew::html::ontoggle::Wrapper::new(cb)))
    }

    /// `ref={…}`.
    #[inline(never)]
    pub fn node_ref(mut self, r: NodeRef) -> El {
        self.0.node_ref = r;
        self
    }

    /// `key={…}` (for keyed lists).
    #[inline(never)]
    pub fn key(mut self, k: String) -> El {
        self.0.key = Some(Key::from(k));
        self
    }

    /// The `value` of an `<input>` or `<textarea>` (set as a property, like `html!` does).
    #[inline(never)]
    pub fn value(mut self, v: String) -> El {
        self.0.set_value(AttrValue::from(v));
        self
    }

    /// The `checked` of an `<input>` (a property).
    #[inline(never)]
    pub fn checked(mut self, c: bool) -> El {
        self.0.set_checked(c);
        self
    }

    /// The finished node.
    #[inline(never)]
    pub fn h(self) -> Html {
        VNode::VTag(Rc::new(*self.0))
    }
}

impl From<El> for Html {
    fn from(e: El) -> Html {
        e.h()
    }
}
