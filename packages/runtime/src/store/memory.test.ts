import { describeStoreConformance } from "./conformance.js";
import { createMemoryStore } from "./memory.js";

describeStoreConformance("in-memory store", () => createMemoryStore());
