package dev.firstresponder.incident;

/** A status update: the impact, the action taken, what users should do, and when the next comes. */
record StatusUpdate(String impact, String actionTaken, String userAction, Integer nextInMinutes) {}
