/** React's DOM renderer, the largest library, evaluated on its own as the first step of the start (main.tsx). */
export { createRoot } from "react-dom/client"
