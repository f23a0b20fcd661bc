/**
 * Every run in the tests checks the model's invariants (docs/model.md Invariants), the page tables
 * traversed after every statement: a broken invariant is an engine error the test then sees.
 */
import { invariantDefaults } from '../language/src/engine/index.js';

invariantDefaults.enabled = true;
invariantDefaults.options = { deep: true };
