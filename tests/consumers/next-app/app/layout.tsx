import type { ReactNode } from "react";
import { HydrationProbe } from "./hydration-probe";

export const metadata = { title: "Next.js app · video-uploader-wasm" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        {children}
        <HydrationProbe />
      </body>
    </html>
  );
}
