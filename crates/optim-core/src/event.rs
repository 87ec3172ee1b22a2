//! What a step noticed that the trace should keep: [`Event`], and the set of them
//! one step reports, [`Events`].

use std::fmt;

/// Something a step noticed that the trace should keep. Annotation only: the run loop
/// never changes course because of an event.
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    /// A quasi-Newton update was skipped because sᵀy ≤ 0 (the curvature condition failed).
    CurvatureSkip,
    /// Truncated CG met a direction of negative curvature and left along it.
    NegativeCurvature,
    /// The Hessian was indefinite and was modified (τI added) before factoring.
    HessianModified,
    /// The search direction was not a descent direction and was replaced by −∇f.
    DirectionReset,
}

impl Event {
    /// Every event, in the order [`Events::iter`] lists them.
    pub const ALL: [Event; 4] = [
        Event::CurvatureSkip,
        Event::NegativeCurvature,
        Event::HessianModified,
        Event::DirectionReset,
    ];

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The set of [`Event`]s of one step: a step may report several (a direction reset
/// and then a skipped update), and none overwrites another.
///
/// ```
/// use optim_core::{Event, Events};
/// let mut e = Events::from(Event::DirectionReset);
/// e.insert(Event::CurvatureSkip);
/// assert!(e.contains(Event::DirectionReset) && e.contains(Event::CurvatureSkip));
/// assert_eq!(e.iter().collect::<Vec<_>>(), [Event::CurvatureSkip, Event::DirectionReset]);
/// ```
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Events(u8);

impl Events {
    /// The empty set.
    pub const NONE: Events = Events(0);

    /// Adds `event` (adding it twice keeps one).
    pub fn insert(&mut self, event: Event) {
        self.0 |= event.bit();
    }
    /// Whether `event` is in the set.
    pub fn contains(self, event: Event) -> bool {
        self.0 & event.bit() != 0
    }
    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// How many events the set holds.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }
    /// Both sets together.
    pub fn union(self, other: Events) -> Events {
        Events(self.0 | other.0)
    }
    /// The events, in the order of [`Event::ALL`].
    pub fn iter(self) -> impl Iterator<Item = Event> {
        Event::ALL.into_iter().filter(move |e| self.contains(*e))
    }
}

impl From<Event> for Events {
    fn from(event: Event) -> Self {
        Events(event.bit())
    }
}

impl From<Option<Event>> for Events {
    fn from(event: Option<Event>) -> Self {
        event.map_or(Events::NONE, Events::from)
    }
}

impl FromIterator<Event> for Events {
    fn from_iter<I: IntoIterator<Item = Event>>(iter: I) -> Self {
        let mut set = Events::NONE;
        for e in iter {
            set.insert(e);
        }
        set
    }
}

impl fmt::Debug for Events {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}
