// A clock that ticks every second, for ages ("12s") and fading highlights.
import { useEffect, useState } from 'react';

export function useNow(clock: () => number = Date.now, everyMs = 1000): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const t = setInterval(() => setNow(clock()), everyMs);
    return () => clearInterval(t);
  }, [clock, everyMs]);
  return now;
}
