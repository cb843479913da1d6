package dev.selfdns.gate;

/**
 * A snapshot of the gate.
 *
 * @param open whether the name server answers
 * @param reason why it is open or closed
 * @param detail a sentence for people: what holds it closed, or that it answers
 */
public record GateState(boolean open, GateReason reason, String detail) {

}
