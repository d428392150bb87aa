/**
 * The state a journey keeps for a customer it has never enrolled: the starting point of the
 * engine's step and the shape of the memory store's reusable scratch state.
 */
import { EMPTY_MAP } from "../data.js";
import type { JourneyState } from "./types.js";

/** A fresh state for a customer never seen by this journey. */
export function initialJourneyState(version: number): JourneyState {
  return {
    version,
    status: "none",
    stage: null,
    enteredAt: 0,
    enrolledAt: 0,
    endedAt: null,
    lastActivityAt: null,
    enrolment: 0,
    stageEntry: 0,
    goalReached: false,
    entryEvent: null,
    splits: EMPTY_MAP as Record<string, string>,
    holdout: false,
    wakeAt: null,
  };
}
