/**
 * Frame numbers (docs/model.md R65): the zero page is frame 0, frames count from 1 in allocation order,
 * and a large frame's subpage k is frame + k, so a large frame takes as many numbers as it has pages.
 * Before, a 2 MiB frame took one number and the next frame was its subpage 1.
 */
import { describe, expect, it } from 'vitest';
import { FRAME_ANON, FrameTable } from '../../language/src/engine/frames.js';

describe('GIVEN frames allocated in order', () => {
    it('WHEN a 2 MiB frame comes between two 4 KiB frames THEN it takes 512 numbers: 1, 2..513, 514', () => {
        const frames = new FrameTable(false);
        expect([frames.allocate(FRAME_ANON), frames.allocate(FRAME_ANON, 512), frames.allocate(FRAME_ANON)]).toEqual([
            1, 2, 514,
        ]);
    });

    it('WHEN a 1 GiB frame is allocated first THEN the arrays grow past it and the next frame is 262,145', () => {
        const frames = new FrameTable(false);
        expect([frames.allocate(FRAME_ANON, 262144), frames.allocate(FRAME_ANON)]).toEqual([1, 262145]);
    });
});
