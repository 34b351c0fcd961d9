// Not for the README: what React does with an on… prop of a custom element whose HTML came from
// the server, so that the README's advice (listen with a ref) is checked against the React
// version pinned here. The test dispatches upload-complete on #probe once the page is hydrated
// (body[data-hydrated]), then again after a re-render (the button).
"use client";
import { useEffect, useState } from "react";

declare global {
  interface Window {
    probeEvents?: string[];
  }
}

export function HydrationProbe() {
  const [renders, setRenders] = useState(1);
  useEffect(() => {
    document.body.dataset.hydrated = "";
  }, []);
  return (
    <>
      <video-upload-widget
        id="probe"
        hidden
        data-renders={renders}
        onupload-complete={() => (window.probeEvents ??= []).push(`render ${renders}`)}
      />
      <button id="probe-rerender" hidden onClick={() => setRenders((n) => n + 1)} />
    </>
  );
}
