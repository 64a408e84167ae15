// embed-host.js is a classic script with no exports: it sizes <iframe data-yusuan-embed> elements to
// the height their embed page reports ({type: "yusuan:height", height} through postMessage).
export {};
declare global {
  interface Window {
    /** Set once embed-host.js has installed its message listener. */
    yusuanEmbedHost?: true;
  }
}
