package dev.firstresponder.oncall;

/** One engineer on the on-call list: place in the order and the checkbox of the current round. */
record Member(String userId, int position, boolean hadTurn) {}
