package dev.crystal.runtime.internal;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.ReplyHandle;

/** An envelope that expects an answer: the mailbox carries this instead of the bare envelope. */
record Letter(Envelope<?> envelope, ReplyHandle<?> replyTo) {
}
