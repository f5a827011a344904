package dev.firstresponder.incident;

/** A status update following seed 004: impact, action, what users should do, the next promise. */
record StatusUpdate(String impact, String actionTaken, String userAction, Integer nextInMinutes) {}
