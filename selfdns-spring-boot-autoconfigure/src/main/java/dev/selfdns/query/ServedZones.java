package dev.selfdns.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.selfdns.gate.ServingGate;
import dev.selfdns.wire.AnswerTable;

/**
 * The zones one listener serves, each with its live answer table and its own gate, so that one
 * zone can close on its own health while another answers. A query goes to the most specific
 * zone that holds its name (RFC 1034 section 4.3.2: the nearest enclosing zone): the zones are
 * kept longest name first, and the first whose answers know the name wins. Immutable; each
 * zone's answers change through its own table.
 */
public final class ServedZones {

	private final AnswerTable[] answers;

	private final ServingGate[] gates;

	private final ProbeCallers[] callers;

	private final List<AnswerTable> configured;

	private final List<ServingGate> configuredGates;

	/**
	 * One zone.
	 * @param answers its answer table
	 * @param gate its gate
	 */
	public ServedZones(AnswerTable answers, ServingGate gate) {
		this(List.of(answers), List.of(gate));
	}

	/**
	 * Several zones.
	 * @param answers their answer tables, in the order configured; no two for the same name
	 * @param gates their gates, in the same order
	 */
	public ServedZones(List<AnswerTable> answers, List<ServingGate> gates) {
		if (answers.isEmpty() || answers.size() != gates.size()) {
			throw new IllegalArgumentException("One gate per zone, and at least one zone");
		}
		this.configured = List.copyOf(answers);
		this.configuredGates = List.copyOf(gates);
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < answers.size(); i++) {
			order.add(i);
		}
		// Longest name first: a zone inside another (api.www.example.com in www.example.com) wins.
		order.sort(Comparator.comparingInt((Integer i) -> -answers.get(i).zone().origin().labels()));
		this.answers = order.stream().map(answers::get).toArray(AnswerTable[]::new);
		this.gates = order.stream().map(gates::get).toArray(ServingGate[]::new);
		this.callers = order.stream().map((i) -> new ProbeCallers()).toArray(ProbeCallers[]::new);
	}

	/**
	 * Who probed a zone lately, in the query chain's order.
	 * @param index the zone's index in the chain's order
	 * @return its callers
	 */
	ProbeCallers callers(int index) {
		return this.callers[index];
	}

	/**
	 * Who probed the zone served from a table lately.
	 * @param table the zone's answer table
	 * @return its callers
	 * @throws IllegalArgumentException if the table is not served here
	 */
	public ProbeCallers callersOf(AnswerTable table) {
		for (int i = 0; i < this.answers.length; i++) {
			if (this.answers[i] == table) {
				return this.callers[i];
			}
		}
		throw new IllegalArgumentException("Not a zone served here: " + table.zone().origin());
	}

	/**
	 * How many zones.
	 * @return the number of zones
	 */
	public int count() {
		return this.answers.length;
	}

	/**
	 * A zone's answer table. The query chain asks each in turn, longest name first, and the
	 * first whose snapshot knows the query's name answers it from that same snapshot.
	 * @param index from 0 to {@link #count()}, in lookup order
	 * @return the table
	 */
	public AnswerTable answers(int index) {
		return this.answers[index];
	}

	/**
	 * A zone's gate.
	 * @param index in lookup order, or -1 for names outside every
	 * zone, which the first configured zone's gate decides
	 * @return the gate
	 */
	public ServingGate gate(int index) {
		return (index >= 0) ? this.gates[index] : this.configuredGates.get(0);
	}

	/**
	 * The first configured zone's answers: the host's NSID comes from there.
	 * @return the table
	 */
	public AnswerTable primary() {
		return this.configured.get(0);
	}

	/**
	 * The answer tables in the order configured.
	 * @return the tables
	 */
	public List<AnswerTable> tables() {
		return this.configured;
	}

	/**
	 * The gates in the order configured.
	 * @return the gates
	 */
	public List<ServingGate> gates() {
		return this.configuredGates;
	}

}
