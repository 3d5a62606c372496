/**
 * Lifecycle for service loops and the resources they own: a {@link
 * dev.airtrace.core.lifecycle.ServiceLoop} is the body of a loop (one unit of work per call), a
 * {@link dev.airtrace.core.lifecycle.LoopRunner} owns the named thread that runs it, handles stop
 * requests, interrupts and the first failure, and an {@link
 * dev.airtrace.core.lifecycle.IdleStrategy} says what the thread does when a round found nothing to
 * do. {@link dev.airtrace.core.lifecycle.Closeables} closes several resources in order, keeping
 * every failure, for {@code close()} methods and for constructors that fail half-way.
 */
package dev.airtrace.core.lifecycle;
