import type { PostTarget } from "../contracts/chat.js";
import type { Metrics } from "../contracts/metrics.js";

/** A post target that counts each post it sends, accepted or failed (scheduled posts and alerts alike). */
export function meterPosts(platform: string, target: PostTarget, metrics: Metrics): PostTarget {
  return {
    send: async (channelId, reply) => {
      try {
        await target.send(channelId, reply);
      } catch (error) {
        metrics.post(platform, false);
        throw error;
      }
      metrics.post(platform, true);
    },
  };
}
