package dev.portmonitor.engine;

/** Tells a channel's route to send what its storm gate holds: the groups that are due, or everything (at stop). */
enum Flush {
    DUE,
    ALL
}
